package io.ipfscluster.cli.ctl;

import io.ipfscluster.client.StatusWaiter;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code ipfs-cluster-ctl} runs with: its output streams, environment, whether standard output
 * and error are terminals, and time. Tests run the program in-process with their own.
 *
 * @param out standard output (UTF-8)
 * @param err standard error (UTF-8)
 * @param env the environment variables
 * @param outTerminal whether standard output is a terminal (items are then flushed one by one)
 * @param errTerminal whether standard error is a terminal (progress is then shown there)
 * @param clock the time of relative times ("5 seconds from now") and of {@code --wait}
 * @param sleeper waits between polls of {@code --wait} and before the status after a pin
 */
public record CtlEnv(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    boolean outTerminal,
    boolean errTerminal,
    InstantSource clock,
    StatusWaiter.Sleeper sleeper) {

  public CtlEnv {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * The process's own: buffered UTF-8 standard output and error, the real environment and clock.
   * The launcher tells which streams are terminals with the system properties {@code
   * ipfscluster.stdout.tty} and {@code ipfscluster.stderr.tty}; without them, a console means both
   * are.
   */
  public static CtlEnv system() {
    boolean console = System.console() != null;
    return new CtlEnv(
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        System.getenv(),
        flag("ipfscluster.stdout.tty", console),
        flag("ipfscluster.stderr.tty", console),
        InstantSource.system(),
        StatusWaiter.Sleeper.system());
  }

  private static boolean flag(String property, boolean fallback) {
    String v = System.getProperty(property);
    return v == null ? fallback : Boolean.parseBoolean(v);
  }
}
