package io.ipfscluster.cli;

/**
 * An error a command reports to the user: printed as {@code error: <message>} on standard error,
 * and the program exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(String message) {
    this(message, 1);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = 1;
  }

  int exitCode() {
    return exitCode;
  }
}
