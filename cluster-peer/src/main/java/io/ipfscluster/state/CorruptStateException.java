package io.ipfscluster.state;

/**
 * Thrown when a stored pin cannot be decoded: the datastore holds bytes that are not an encoded
 * pin. The message names the CID; the cause says what was wrong.
 */
public final class CorruptStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptStateException(String message) {
    super(message);
  }

  public CorruptStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
