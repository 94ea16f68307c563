package io.ipfscluster.consensus.crdt;

import java.util.Objects;

/**
 * The blocks of one writer with sequence numbers in {@code (after, upTo]}: what a replica that
 * knows another's version vector can ask for without knowing the blocks' CIDs, so that a long chain
 * of one writer is fetched in parallel rather than parent after parent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param writer the writer
 * @param after the sequence number before the range, 0 or more
 * @param upTo the last sequence number of the range, above {@code after}
 */
public record DotRange(WriterId writer, long after, long upTo) {
  public DotRange {
    Objects.requireNonNull(writer, "writer");
    if (after < 0 || upTo <= after) {
      throw new IllegalArgumentException("invalid dot range (" + after + ", " + upTo + "]");
    }
  }

  /** How many sequence numbers it spans. */
  public long size() {
    return upTo - after;
  }

  /** Whether it holds {@code dot}. */
  public boolean contains(Dot dot) {
    return dot.writer().equals(writer) && dot.seq() > after && dot.seq() <= upTo;
  }

  @Override
  public String toString() {
    return writer + ":(" + after + "," + upTo + "]";
  }
}
