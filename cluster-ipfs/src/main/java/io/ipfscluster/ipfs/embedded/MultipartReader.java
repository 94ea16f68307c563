package io.ipfscluster.ipfs.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body as a stream of parts, each body itself a stream: a part
 * of any size passes through a fixed 64 KiB buffer, never memory or disk. This is the shape kubo
 * clients send to {@code add}, {@code block/put} and {@code dag/import}, and the cluster's clients
 * to {@code POST /add}: one part per file, named {@code file}, its path query-escaped in {@code
 * filename}, directories as parts of type {@code application/x-directory}.
 *
 * <p>A body that ends before its closing boundary, or whose part headers are malformed, throws
 * {@link MalformedMultipartException}. Not thread-safe; reading a part's body after moving to the
 * next part is an error.
 */
public final class MultipartReader {
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final InputStream in;
  private final byte[] delimiter; // CRLF "--" boundary
  private final int[] shift = new int[256]; // Horspool's bad-character shifts
  private final byte[] buf;
  private int start;
  private int end;
  private int clearUntil; // no delimiter starts in [start, clearUntil): already searched
  private boolean eof;
  private boolean finished;
  private PartBody current;

  /** A part: its headers and a stream of its body. */
  public record Part(Map<String, String> headers, InputStream body) {
    /** The {@code Content-Type}, lower case without parameters, or {@code ""}. */
    public String contentType() {
      String type = headers.getOrDefault("content-type", "");
      int semi = type.indexOf(';');
      return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The {@code filename} of the {@code Content-Disposition}, query-unescaped as boxo's {@code
     * multipartfile} reads it ({@code +} is a space), or as sent when it is not validly escaped;
     * {@code ""} when absent.
     */
    public String fileName() {
      String raw = dispositionParameter("filename");
      try {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return raw;
      }
    }

    /** The {@code name} of the {@code Content-Disposition}, or {@code ""}. */
    public String fieldName() {
      return dispositionParameter("name");
    }

    private String dispositionParameter(String parameter) {
      String disposition = headers.getOrDefault("content-disposition", "");
      for (String piece : disposition.split(";")) {
        int eq = piece.indexOf('=');
        if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase(parameter)) {
          String value = piece.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
          }
          return value;
        }
      }
      return "";
    }
  }

  public MultipartReader(InputStream in, String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
      throw new MalformedMultipartException("the multipart boundary is missing or too long");
    }
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.buf = new byte[Math.max(BUFFER, delimiter.length * 4)];
    java.util.Arrays.fill(shift, delimiter.length);
    for (int i = 0; i < delimiter.length - 1; i++) {
      shift[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
    }
    // The first boundary has no CRLF before it: pretend it had, so every delimiter looks alike.
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
  }

  /** The boundary parameter of a {@code multipart/form-data} content type, or null. */
  public static String boundaryOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String piece : contentType.split(";")) {
      int eq = piece.indexOf('=');
      if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
        String value = piece.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  /**
   * Moves to the next part, skipping what is left of the current one.
   *
   * @return the part, or null after the closing boundary
   * @throws MalformedMultipartException if the body is cut short or malformed
   */
  public Part next() throws IOException {
    if (finished) {
      return null;
    }
    if (current != null) {
      current.skipRest();
    } else {
      skipPreamble();
    }
    // Just after a delimiter: "--" ends the body, CRLF starts a part.
    fill(2);
    if (end - start < 2) {
      throw cut("after a boundary");
    }
    if (buf[start] == '-' && buf[start + 1] == '-') {
      finished = true;
      return null;
    }
    skipLineEnd();
    Map<String, String> headers = readHeaders();
    current = new PartBody();
    return new Part(headers, current);
  }

  private void skipPreamble() throws IOException {
    while (true) {
      int at = indexOfDelimiter();
      if (at >= 0) {
        start = at + delimiter.length;
        return;
      }
      if (eof) {
        throw cut("before the first boundary");
      }
      // Keep a tail that may hold the start of the delimiter.
      start = Math.max(start, end - delimiter.length + 1);
      compactAndRead();
    }
  }

  private void skipLineEnd() throws IOException {
    // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
    while (true) {
      fill(1);
      if (end == start) {
        throw cut("in a boundary line");
      }
      byte b = buf[start];
      if (b == ' ' || b == '\t') {
        start++;
        continue;
      }
      break;
    }
    fill(2);
    if (end - start < 2 || buf[start] != '\r' || buf[start + 1] != '\n') {
      throw new MalformedMultipartException("a boundary line does not end with CRLF");
    }
    start += 2;
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    while (true) {
      String line = readLine();
      total += line.length() + 2;
      if (total > MAX_HEADER_BYTES) {
        throw new MalformedMultipartException("part headers exceed " + MAX_HEADER_BYTES + " bytes");
      }
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedMultipartException("malformed part header \"" + line + "\"");
      }
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
  }

  private String readLine() throws IOException {
    while (true) {
      for (int i = start; i + 1 < end; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n') {
          String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
          start = i + 2;
          return line;
        }
      }
      if (eof) {
        throw cut("in the part headers");
      }
      if (end - start >= buf.length - 1) {
        throw new MalformedMultipartException("a part header line is too long");
      }
      compactAndRead();
    }
  }

  /**
   * Index of the delimiter in the buffered bytes, or -1. Boyer-Moore-Horspool: on file data it
   * looks at about one byte in forty (the delimiter's length), so scanning a GiB upload costs
   * little next to hashing it.
   */
  private int indexOfDelimiter() {
    int m = delimiter.length;
    int i = Math.max(start, clearUntil);
    int last = end - m;
    while (i <= last) {
      int j = m - 1;
      while (j >= 0 && buf[i + j] == delimiter[j]) {
        j--;
      }
      if (j < 0) {
        clearUntil = i;
        return i;
      }
      i += shift[buf[i + m - 1] & 0xFF];
    }
    // No delimiter starts before i: the shifts only skipped starts that the bytes seen exclude.
    clearUntil = i;
    return -1;
  }

  /** Reads until at least {@code n} bytes are buffered or the input ends. */
  private void fill(int n) throws IOException {
    while (end - start < n && !eof) {
      compactAndRead();
    }
  }

  private void compactAndRead() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      clearUntil = Math.max(0, clearUntil - start);
      start = 0;
    }
    if (end == buf.length) {
      return;
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
    } else {
      end += n;
    }
  }

  private static MalformedMultipartException cut(String where) {
    return new MalformedMultipartException(
        "the multipart body ends " + where + " (no closing boundary): the upload was cut short");
  }

  /** The body of the current part: bytes up to the next delimiter. */
  private final class PartBody extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
      if (current != this) {
        throw new IOException("this part was left for the next one");
      }
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int at = indexOfDelimiter();
        if (at == start) {
          done = true;
          start += delimiter.length;
          return -1;
        }
        // Bytes before a found delimiter, or before a tail that might start one, are body.
        int safe = at >= 0 ? at : Math.max(start, end - delimiter.length + 1);
        if (safe > start) {
          int n = Math.min(len, safe - start);
          System.arraycopy(buf, start, out, off, n);
          start += n;
          return n;
        }
        if (eof) {
          throw cut("inside a part");
        }
        compactAndRead();
      }
    }

    void skipRest() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // discard
      }
    }
  }
}
