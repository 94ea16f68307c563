package io.ipfscluster.api;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An entry of the cluster's pinset: a CID, what kind of pin it is, which peers must pin it, and the
 * user's options.
 *
 * <p>{@code maxDepth} is -1 for recursive pins, 0 for direct ones and 1 or 2 for shards. {@code
 * reference} links the parts of a sharded DAG (meta → cluster DAG, cluster DAG → data root, shard →
 * previous shard) and is null otherwise. An empty {@code allocations} list on a pin whose
 * replication factors are -1 means "every peer". {@code timestamp} is when the pin was last
 * changed; the state keeps it to the second.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cid what is pinned
 * @param type data, meta, cluster DAG or shard
 * @param allocations the peers that must pin it
 * @param maxDepth how deep IPFS pins: -1 recursive, 0 direct, 1..2 for shards
 * @param reference the related CID for sharded DAGs, or null
 * @param timestamp when the pin was last changed, or {@link GoTime#ZERO}
 * @param options the user's options
 */
public record Pin(
    Cid cid,
    PinType type,
    List<PeerId> allocations,
    int maxDepth,
    Cid reference,
    Instant timestamp,
    PinOptions options) {

  public Pin {
    Objects.requireNonNull(cid, "cid");
    type = Objects.requireNonNullElse(type, PinType.DATA);
    allocations = allocations == null ? List.of() : List.copyOf(allocations);
    if (maxDepth < -1) {
      throw new IllegalArgumentException("max_depth must be -1 or more, got " + maxDepth);
    }
    timestamp = Objects.requireNonNullElse(timestamp, GoTime.ZERO);
    options = Objects.requireNonNullElse(options, PinOptions.defaults());
  }

  /** A data pin of {@code cid} with the given options, not yet allocated. */
  public static Pin of(Cid cid, PinOptions options) {
    return new Pin(
        cid, PinType.DATA, List.of(), options.mode().maxDepth(), null, GoTime.ZERO, options);
  }

  /** A recursive data pin of {@code cid} with default options. */
  public static Pin of(Cid cid) {
    return of(cid, PinOptions.defaults());
  }

  /** The mode IPFS pins with, as {@code maxDepth} implies. */
  public PinMode mode() {
    return PinMode.ofMaxDepth(maxDepth);
  }

  /** Whether every peer pins this CID (replication factors -1). */
  public boolean everywhere() {
    return options.everywhere();
  }

  /** Whether {@code peer} is one of the allocations. */
  public boolean isAllocatedTo(PeerId peer) {
    return allocations.contains(peer);
  }

  public Pin withAllocations(List<PeerId> peers) {
    return new Pin(cid, type, peers, maxDepth, reference, timestamp, options);
  }

  public Pin withTimestamp(Instant when) {
    return new Pin(cid, type, allocations, maxDepth, reference, when, options);
  }

  public Pin withOptions(PinOptions newOptions) {
    return new Pin(cid, type, allocations, maxDepth, reference, timestamp, newOptions);
  }

  public Pin withCid(Cid newCid) {
    return new Pin(newCid, type, allocations, maxDepth, reference, timestamp, options);
  }
}
