package io.ipfscluster.client;

/**
 * The API could not be asked or did not answer properly: no host accepted the connection, TLS
 * failed, the connection broke, or the answer was malformed. Its code is 0. The message follows
 * Go's {@code net/http} client, for example {@code Get "http://127.0.0.1:9094/id": dial tcp
 * 127.0.0.1:9094: connect: connection refused}, which users of the original know.
 */
public final class TransportException extends ClientException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int code() {
    return 0;
  }
}
