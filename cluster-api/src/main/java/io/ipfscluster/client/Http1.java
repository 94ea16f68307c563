package io.ipfscluster.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 on one connection, as much as the API needs: one request per connection ({@code
 * Connection: close}), bodies of known length or chunked, answers framed by length, chunks (with
 * trailers) or the end of the connection.
 *
 * <p>Thread-safe: stateless.
 */
final class Http1 {
  private static final int MAX_HEAD = 1 << 20;
  private static final int CHUNK = 32 * 1024;

  private Http1() {}

  /**
   * Sends the request and reads the answer's head. A chunked body is written by a virtual thread
   * while the answer is read, since the API may stream its answer before the upload ends.
   *
   * @param authority the {@code Host} header
   * @param headers extra headers, name then value
   */
  static HttpResponse exchange(
      Connection conn,
      String method,
      String target,
      String authority,
      List<String> headers,
      RequestBody body)
      throws IOException {
    OutputStream out = new BufferedOutputStream(conn.out, 16 * 1024);
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(authority).append("\r\n");
    for (int i = 0; i < headers.size(); i += 2) {
      head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: ").append(body.contentType()).append("\r\n");
      if (body.length() >= 0) {
        head.append("Content-Length: ").append(body.length()).append("\r\n");
      } else {
        head.append("Transfer-Encoding: chunked\r\n");
      }
    } else if (method.equals("POST") || method.equals("PUT")) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));

    AtomicReference<IOException> sourceFailure = new AtomicReference<>();
    if (body == null) {
      out.flush();
    } else if (body.length() >= 0) {
      body.writeTo(out);
      out.flush();
    } else {
      Thread.ofVirtual()
          .name("cluster-client-upload")
          .start(
              () -> {
                try {
                  ChunkedOutputStream chunked = new ChunkedOutputStream(out);
                  body.writeTo(chunked);
                  chunked.finish();
                  out.flush();
                } catch (RequestBody.SourceException e) {
                  sourceFailure.set(e);
                  closeQuietly(conn);
                } catch (IOException e) {
                  // The connection broke or the server answered early; the reader reports it.
                }
              });
    }
    try {
      return readResponse(conn, method);
    } catch (IOException e) {
      IOException source = sourceFailure.get();
      throw source != null ? source : e;
    }
  }

  private static HttpResponse readResponse(Connection conn, String method) throws IOException {
    BufferedInputStream in = new BufferedInputStream(conn.in, 16 * 1024);
    int status;
    Map<String, List<String>> headers;
    do {
      String statusLine = readLine(in, new int[] {0});
      if (statusLine == null) {
        throw new EOFException("EOF");
      }
      status = parseStatus(statusLine);
      headers = readFields(in);
    } while (status >= 100 && status < 200 && status != 101);

    Body framing;
    String te = first(headers, "Transfer-Encoding");
    String cl = first(headers, "Content-Length");
    if (method.equals("HEAD") || status == 204 || status == 304) {
      framing = new Fixed(in, 0);
    } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      framing = new Chunked(in);
    } else if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length " + cl);
      }
      framing = new Fixed(in, n);
    } else {
      framing = new UntilClose(in);
    }
    return new HttpResponse(status, headers, framing, framing, conn);
  }

  private static int parseStatus(String line) throws IOException {
    // HTTP/1.1 200 OK
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("malformed HTTP response \"" + line + "\"");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP status code \"" + parts[1] + "\"");
    }
  }

  /** Reads header (or trailer) fields up to the empty line; keys case-insensitive. */
  static Map<String, List<String>> readFields(InputStream in) throws IOException {
    Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int[] total = {0};
    while (true) {
      String line = readLine(in, total);
      if (line == null) {
        throw new EOFException("unexpected EOF");
      }
      if (line.isEmpty()) {
        return fields;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed MIME header line: " + line);
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  /** A line without its CRLF (or LF); null at the end of the stream before any byte. */
  private static String readLine(InputStream in, int[] total) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0) {
      if (++total[0] > MAX_HEAD) {
        throw new IOException("HTTP response head too large");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    throw new EOFException("unexpected EOF");
  }

  private static String first(Map<String, List<String>> h, String name) {
    List<String> v = h.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Aborting the upload.
    }
  }

  /** A response body in its framing; trailers known at its end. */
  abstract static class Body extends InputStream {
    Map<String, List<String>> trailers() {
      return Map.of();
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      int n = read(b, 0, 1);
      return n < 0 ? -1 : b[0] & 0xFF;
    }
  }

  private static final class Fixed extends Body {
    private final InputStream in;
    private long remaining;

    Fixed(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("unexpected EOF");
      }
      remaining -= n;
      return n;
    }
  }

  private static final class UntilClose extends Body {
    private final InputStream in;

    UntilClose(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }
  }

  /** A chunked body; its trailers are read with the last chunk. */
  private static final class Chunked extends Body {
    private final InputStream in;
    private long remaining;
    private boolean started;
    private boolean done;
    private Map<String, List<String>> trailers = Map.of();

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    Map<String, List<String>> trailers() {
      return trailers;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        if (started) {
          expectCrlf();
        }
        started = true;
        remaining = readSize();
        if (remaining == 0) {
          trailers = readFields(in);
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("unexpected EOF");
      }
      remaining -= n;
      return n;
    }

    private long readSize() throws IOException {
      String line = readLine(in, new int[] {0});
      if (line == null) {
        throw new EOFException("unexpected EOF");
      }
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
      try {
        long size = Long.parseLong(hex, 16);
        if (size < 0) {
          throw new NumberFormatException();
        }
        return size;
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size \"" + line + "\"");
      }
    }

    private void expectCrlf() throws IOException {
      String line = readLine(in, new int[] {0});
      if (line == null) {
        throw new EOFException("unexpected EOF");
      }
      if (!line.isEmpty()) {
        throw new IOException("malformed chunked encoding");
      }
    }
  }

  /** Writes chunks of at most 32 KiB; {@link #finish} writes the last chunk. */
  private static final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[CHUNK];
    private int count;

    ChunkedOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == buf.length) {
        flushChunk();
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (count == buf.length) {
          flushChunk();
        }
        int n = Math.min(len, buf.length - count);
        System.arraycopy(b, off, buf, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      flushChunk();
      out.flush();
    }

    void finish() throws IOException {
      flushChunk();
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    private void flushChunk() throws IOException {
      if (count == 0) {
        return;
      }
      out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(buf, 0, count);
      out.write('\r');
      out.write('\n');
      count = 0;
    }
  }
}
