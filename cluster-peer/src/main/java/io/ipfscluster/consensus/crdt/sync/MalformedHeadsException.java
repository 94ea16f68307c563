package io.ipfscluster.consensus.crdt.sync;

/** A head announcement that cannot be decoded, or breaks the limits of {@link HeadsCodec}. */
public final class MalformedHeadsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  MalformedHeadsException(String message, Throwable cause) {
    super(message, cause);
  }
}
