package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;
import java.util.Objects;

/**
 * What identifies a gossip message: its publisher and the publisher's sequence number. Peers
 * de-duplicate by it. Immutable and thread-safe.
 *
 * @param from the peer that published the message (and signed it)
 * @param seqno the publisher's sequence number, non-negative
 */
public record MessageId(PeerId from, long seqno) {
  public MessageId {
    Objects.requireNonNull(from, "from");
    if (seqno < 0) {
      throw new IllegalArgumentException("seqno must not be negative, got " + seqno);
    }
  }

  @Override
  public String toString() {
    return from.shortString() + "/" + seqno;
  }
}
