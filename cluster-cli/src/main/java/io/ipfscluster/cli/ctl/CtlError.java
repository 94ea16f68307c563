package io.ipfscluster.cli.ctl;

/**
 * A failure the CLI reports as the original's {@code checkErr} does: {@code error <doing>:
 * <message>} on standard error, then exit with {@link #exitCode()} (1, 62 for a deadline, 125 when
 * cancelled).
 */
final class CtlError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code of a timeout (ETIME). */
  static final int TIMEOUT = 62;

  /** Exit code of a cancelled operation (ECANCELED). */
  static final int CANCELLED = 125;

  private final String doing;
  private final int exitCode;

  CtlError(String doing, String message) {
    this(doing, message, 1, null);
  }

  CtlError(String doing, String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.doing = doing;
    this.exitCode = exitCode;
  }

  /** What was being done, as in {@code error parsing cid: …}; may be empty. */
  String doing() {
    return doing;
  }

  int exitCode() {
    return exitCode;
  }

  /** The line printed: {@code error <doing>: <message>}. */
  String line() {
    return "error " + doing + ": " + getMessage();
  }
}
