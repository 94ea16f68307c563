package io.ipfscluster.consensus.crdt;

import java.util.List;

/**
 * What a CRDT replica holds, for {@code state crdt info}, head announcements and convergence
 * checks. Two replicas that merged the same blocks have equal vectors, heads and digests.
 *
 * <p>Immutable and thread-safe.
 *
 * @param generation the replica's generation (it grows with every import)
 * @param writer this peer's writer ID, or null before its first write
 * @param versionVector every block up to these sequence numbers is merged
 * @param mergedAbove merged blocks above the vector (waiting for the blocks before them)
 * @param heads the merged blocks no merged block names as parent, sorted by dot
 * @param pending blocks named as parents but not merged
 * @param pins the number of pins
 * @param stateDigest SHA-256 (hex) of the LtHash of the pinset: equal pinsets, equal digests
 * @param crdtDigest SHA-256 (hex) of the LtHash of the live elements and the causal context
 */
public record ReplicaInfo(
    int generation,
    WriterId writer,
    VersionVector versionVector,
    long mergedAbove,
    List<BlockRef> heads,
    long pending,
    long pins,
    String stateDigest,
    String crdtDigest) {
  public ReplicaInfo {
    heads = List.copyOf(heads);
  }
}
