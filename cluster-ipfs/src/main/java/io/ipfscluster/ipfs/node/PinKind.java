package io.ipfscluster.ipfs.node;

/**
 * How a block is pinned on the node, with kubo's names.
 *
 * <p>Thread-safe: an enum.
 */
public enum PinKind {
  /** Pinned with its whole DAG. */
  RECURSIVE("recursive"),
  /** Only the block itself is pinned. */
  DIRECT("direct"),
  /** Reached from a recursive pin. */
  INDIRECT("indirect");

  private final String kuboName;

  PinKind(String kuboName) {
    this.kuboName = kuboName;
  }

  /** The name kubo uses: {@code recursive}, {@code direct} or {@code indirect}. */
  public String kuboName() {
    return kuboName;
  }
}
