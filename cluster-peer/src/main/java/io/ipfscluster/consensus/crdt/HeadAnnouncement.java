package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * What a peer tells the others after it commits, and again every {@code rebroadcast_interval}: its
 * heads, its version vector and its state digest. A receiver fetches the heads whose dots it does
 * not cover (then their missing parents); one whose vector equals the sender's compares digests to
 * detect divergence (crdt-design §4b).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sender the announcing peer
 * @param heads the sender's heads, sorted by dot
 * @param versionVector the sender's version vector
 * @param stateDigest the sender's state digest ({@link ReplicaInfo#stateDigest()})
 */
public record HeadAnnouncement(
    PeerId sender, List<BlockRef> heads, VersionVector versionVector, String stateDigest) {
  public HeadAnnouncement {
    Objects.requireNonNull(sender, "sender");
    heads = List.copyOf(heads);
    Objects.requireNonNull(versionVector, "versionVector");
    Objects.requireNonNull(stateDigest, "stateDigest");
  }
}
