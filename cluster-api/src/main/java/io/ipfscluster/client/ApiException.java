package io.ipfscluster.client;

/**
 * The API answered with an error: an HTTP status from 400 to 599 and the message of its {@code
 * {"code","message"}} body (or the body itself when it is not such an object), or an error reported
 * in a stream's {@code X-Stream-Error} trailer (code 500).
 */
public final class ApiException extends ClientException {
  private static final long serialVersionUID = 1L;
  private final int code;

  /**
   * @param code the HTTP status code, 100 to 599
   * @param message the API's error message
   */
  public ApiException(int code, String message) {
    super(message, null);
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("code must be an HTTP status code, got " + code);
    }
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
