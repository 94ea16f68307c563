package io.ipfscluster.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a request: bytes of known length, or a stream sent in chunks while the answer is read
 * (for {@code /add}).
 */
interface RequestBody {
  /** The length in bytes, or -1 when unknown (the body is sent chunked). */
  long length();

  /** Writes the body. Throws {@link SourceException} when the data cannot be read. */
  void writeTo(OutputStream out) throws IOException;

  /** Whether the body can be written again, so that the request may fail over to another host. */
  boolean replayable();

  /** The value of the {@code Content-Type} header. */
  String contentType();

  /** A JSON body. */
  static RequestBody json(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new RequestBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
      }

      @Override
      public boolean replayable() {
        return true;
      }

      @Override
      public String contentType() {
        return "application/json";
      }
    };
  }

  /**
   * The data of a request body could not be read (a file of an upload, for example): a local
   * failure, not one of the connection.
   */
  final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
