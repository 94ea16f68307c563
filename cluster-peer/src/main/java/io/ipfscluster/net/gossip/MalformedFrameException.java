package io.ipfscluster.net.gossip;

/** A gossip frame that does not decode; its message says what is wrong and where. */
final class MalformedFrameException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedFrameException(String message) {
    super(message);
  }
}
