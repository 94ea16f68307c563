package io.ipfscluster.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Configures logging from the {@code --loglevel} and {@code --debug} flags: {@code
 * info,cluster:debug,restapi:warn} sets the default level, then the level of each named facility (a
 * logger name). Logs go to standard error.
 */
final class LogSetup {
  private LogSetup() {}

  /**
   * Applies {@code spec}; {@code debug} lowers the default level to debug.
   *
   * @throws CliException naming the part of {@code spec} that is not a level
   */
  static void apply(String spec, boolean debug) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{0}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(Level.INFO);
    // Libraries are quiet unless asked for.
    ctx.getLogger("org.rocksdb").setLevel(Level.WARN);
    ctx.getLogger("org.eclipse.jetty").setLevel(Level.WARN);

    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.indexOf(':');
      if (colon < 0) {
        root.setLevel(level(p));
      } else {
        ctx.getLogger(p.substring(0, colon)).setLevel(level(p.substring(colon + 1)));
      }
    }
    if (debug) {
      root.setLevel(Level.DEBUG);
    }
  }

  private static Level level(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.equals("FATAL") || n.equals("PANIC") || n.equals("DPANIC")) {
      return Level.ERROR;
    }
    Level l = Level.toLevel(n, null);
    if (l == null) {
      throw new CliException("invalid log level \"" + name + "\" in --loglevel");
    }
    return l;
  }
}
