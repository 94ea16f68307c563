package io.ipfscluster.state;

/**
 * Thrown when an import stream holds something that is not a valid pin; the state is left as it
 * was. The message starts with the line number, for example {@code line 3: field "cid": invalid CID
 * "Qmx"…}.
 */
public final class StateImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long line;

  public StateImportException(long line, String message, Throwable cause) {
    super("line " + line + ": " + message, cause);
    this.line = line;
  }

  /** The line of the import stream where the bad value is. */
  public long line() {
    return line;
  }
}
