package io.ipfscluster.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection to a peer's API: sends a request, reads the status and the
 * whole body (fixed length or chunked). Deliberately minimal, so the load generator spends little
 * of the two shared cores that the peer under test also needs.
 *
 * <p>Not thread-safe: one connection per client thread.
 */
final class HttpConnection implements AutoCloseable {
  /** A response: its status code and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(URI base) {
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
  }

  /** Sends {@code method path} with an empty body and reads the whole response. */
  Response send(String method, String path) throws IOException {
    return send(method, path, null, new byte[0]);
  }

  /** Sends {@code method path} with {@code body} (of {@code contentType} unless null). */
  Response send(String method, String path, String contentType, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
    String request =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + (contentType == null ? "" : "\r\nContent-Type: " + contentType)
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String statusLine = line();
    if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
      throw new IOException("bad status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        close = value.equalsIgnoreCase("close");
      }
    }
    byte[] answer = chunked ? chunkedBody() : in.readNBytes((int) Math.max(length, 0));
    if (close) {
      close();
    }
    return new Response(status, answer);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers (X-Stream-Error) are not needed here
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed by the peer");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
