package io.ipfscluster.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The answer to one request: status, headers and the body as it arrives. The trailers are known
 * once the body has been read to its end. Closing it closes the connection.
 *
 * <p>Not thread-safe.
 *
 * @param status the status code
 * @param headers the headers, keys case-insensitive
 * @param body the body, framed (it ends where the answer ends)
 * @param framing how the body is framed, for its trailers
 * @param closer closes the connection
 */
record HttpResponse(
    int status,
    Map<String, List<String>> headers,
    InputStream body,
    Http1.Body framing,
    Closeable closer)
    implements Closeable {

  /** The first value of header {@code name}, or null. */
  String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The trailers sent after a chunked body (empty before the body's end or when none). */
  Map<String, List<String>> trailers() {
    return framing.trailers();
  }

  @Override
  public void close() throws IOException {
    closer.close();
  }
}
