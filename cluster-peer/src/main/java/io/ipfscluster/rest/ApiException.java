package io.ipfscluster.rest;

/**
 * An answer other than success that an endpoint decides on: the HTTP status and the message of the
 * error JSON ({@code {"code": status, "message": message}}).
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** A 400 with the original's message for a bad parameter, path or body. */
  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  int status() {
    return status;
  }
}
