package io.ipfscluster.client;

/**
 * A request took longer than its timeout ({@link ClientConfig#timeout()}), counting from the first
 * connection attempt to the last byte of the answer, streams included. Its code is 0.
 */
public final class RequestTimeoutException extends ClientException {
  private static final long serialVersionUID = 1L;

  public RequestTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int code() {
    return 0;
  }
}
