package io.ipfscluster.identity;

/** Thrown when an identity cannot be loaded; the message names the file and what is wrong. */
public final class InvalidIdentityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidIdentityException(String message) {
    super(message);
  }

  public InvalidIdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
