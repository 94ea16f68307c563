package io.ipfscluster.components;

/**
 * An expected failure of a cluster operation, with the kind of failure the caller acts on. Messages
 * keep the original's texts, on which clients depend (for example {@value #NOT_IN_PINSET}).
 *
 * <p>The REST API v1 answers as the original does, by message rather than by kind: 404 for {@value
 * #NOT_IN_PINSET}, 500 for everything else (the original never answers 400 for a failure of the
 * call itself). Surfaces without that constraint may map the kinds to 404 / 400 / 500.
 */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The original's message for a CID that the pinset does not have. */
  public static final String NOT_IN_PINSET = "pin is not part of the pinset";

  /** What kind of failure this is. */
  public enum Kind {
    /** The thing asked for does not exist (HTTP 404). */
    NOT_FOUND,
    /** The request is malformed or not allowed (HTTP 400). */
    INVALID,
    /** The operation failed (HTTP 500). */
    FAILED
  }

  private final Kind kind;

  public ClusterException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ClusterException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** The pinset has no pin for the CID asked about. */
  public static ClusterException notInPinset() {
    return new ClusterException(Kind.NOT_FOUND, NOT_IN_PINSET);
  }

  public Kind kind() {
    return kind;
  }
}
