package io.ipfscluster.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log in Common Log Format, as gorilla/handlers writes the original's: {@code host - -
 * [02/Jan/2006:15:04:05 -0700] "GET /id HTTP/1.1" 200 123}, the size counting body bytes only.
 * Lines go to {@code http_log_file} (appended, created if absent) or to the logger {@code
 * restapilog} at INFO.
 *
 * <p>Only requests that reached the API are logged, as in the original (not those that the HTTP
 * layer refused, such as a 431). Thread-safe.
 */
final class AccessLog implements RequestLog, AutoCloseable {
  /** The request attribute that marks a request as having reached the API. */
  static final String REACHED_API = AccessLog.class.getName() + ".reached";

  private static final Logger restapilog = LoggerFactory.getLogger("restapilog");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  private final OutputStream file;

  private AccessLog(OutputStream file) {
    this.file = file;
  }

  /** Logs to {@code file}, or to the {@code restapilog} logger when it is null. */
  static AccessLog open(Path file) throws IOException {
    if (file == null) {
      return new AccessLog(null);
    }
    return new AccessLog(
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  @Override
  public void log(Request request, Response response) {
    if (request.getAttribute(REACHED_API) == null
        || (file == null && !restapilog.isInfoEnabled())) {
      return;
    }
    StringBuilder line = new StringBuilder(128);
    line.append(host(request.getConnectionMetaData().getRemoteSocketAddress()))
        .append(" - - [")
        .append(TIME.format(Instant.ofEpochMilli(Request.getTimeStamp(request))))
        .append("] \"")
        .append(request.getMethod())
        .append(' ');
    appendQuoted(line, request.getHttpURI().getPathQuery());
    line.append(' ')
        .append(request.getConnectionMetaData().getProtocol())
        .append("\" ")
        .append(response.getStatus())
        .append(' ')
        .append(Response.getContentBytesWritten(response));
    if (file == null) {
      restapilog.info(line.toString());
      return;
    }
    byte[] bytes = line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        file.write(bytes);
        file.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the REST API access log", e);
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }

  private static String host(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return "@"; // a unix socket peer, as Go names it
  }

  /**
   * Go's {@code appendQuoted} of gorilla/handlers: {@code "} and {@code \} escaped, controls too.
   */
  private static void appendQuoted(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> sb.append('\\').append(c);
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
  }
}
