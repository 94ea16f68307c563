package io.ipfscluster.ipfs.embedded;

/**
 * An error a command answers with, in kubo's form: {@code {"Message": …, "Code": …, "Type":
 * "error"}} and its HTTP status. {@link #client} is kubo's {@code ErrClient} (code 1, HTTP 400),
 * {@link #normal} its {@code ErrNormal} (code 0, HTTP 500). Immutable and thread-safe.
 */
final class KuboError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** kubo's {@code ErrNormal}. */
  static final int NORMAL = 0;

  /** kubo's {@code ErrClient}. */
  static final int CLIENT = 1;

  private final int status;
  private final int code;

  private KuboError(int status, int code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** A request the client got wrong: HTTP 400, code 1. */
  static KuboError client(String message) {
    return new KuboError(400, CLIENT, message, null);
  }

  /** A failure of the command: HTTP 500, code 0. */
  static KuboError normal(String message) {
    return new KuboError(500, NORMAL, message, null);
  }

  /** {@code argument "<name>" is required}, as kubo words it. */
  static KuboError missingArgument(String name) {
    return client("argument \"" + name + "\" is required");
  }

  int status() {
    return status;
  }

  int code() {
    return code;
  }
}
