package io.ipfscluster.api;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a user asks for when pinning: replication factors, name, mode, metadata, expiry, the CID
 * this pin updates and where to fetch from.
 *
 * <p>Replication factors: 0 means "the cluster's default", -1 (both) means "everywhere".
 * Collections are never null (empty when unset); metadata is sorted by key. {@code expireAt} is
 * {@link GoTime#ZERO} when the pin does not expire; {@code pinUpdate} is null when unset.
 *
 * @param replicationFactorMin the fewest peers that must pin the CID
 * @param replicationFactorMax the most peers that should pin the CID
 * @param name a free-form name
 * @param mode recursive or direct
 * @param shardSize the shard size of a sharded add, in bytes (0 when not sharded)
 * @param userAllocations peers to prefer when allocating (not kept in the state)
 * @param expireAt when the cluster unpins the CID, or {@link GoTime#ZERO}
 * @param metadata free-form key-value pairs
 * @param pinUpdate the CID this pin replaces, whose allocations it reuses, or null
 * @param origins multiaddrs (with /p2p/) of peers that have the content
 */
public record PinOptions(
    int replicationFactorMin,
    int replicationFactorMax,
    String name,
    PinMode mode,
    long shardSize,
    List<PeerId> userAllocations,
    Instant expireAt,
    Map<String, String> metadata,
    Cid pinUpdate,
    List<Multiaddr> origins) {

  private static final PinOptions DEFAULTS =
      new PinOptions(
          0, 0, "", PinMode.RECURSIVE, 0, List.of(), GoTime.ZERO, Map.of(), null, List.of());

  public PinOptions {
    name = Objects.requireNonNullElse(name, "");
    mode = Objects.requireNonNullElse(mode, PinMode.RECURSIVE);
    userAllocations = userAllocations == null ? List.of() : List.copyOf(userAllocations);
    expireAt = Objects.requireNonNullElse(expireAt, GoTime.ZERO);
    metadata =
        metadata == null || metadata.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(metadata));
    origins = origins == null ? List.of() : List.copyOf(origins);
    if (shardSize < 0) {
      throw new IllegalArgumentException("shard_size must not be negative, got " + shardSize);
    }
  }

  /** Options with every field unset: default replication, recursive, no name. */
  public static PinOptions defaults() {
    return DEFAULTS;
  }

  /** Whether the pin expires. */
  public boolean expires() {
    return !GoTime.isZero(expireAt);
  }

  /** Whether the replication factors ask for every peer (-1, -1). */
  public boolean everywhere() {
    return replicationFactorMin == -1 && replicationFactorMax == -1;
  }

  public PinOptions withReplication(int min, int max) {
    return new PinOptions(
        min, max, name, mode, shardSize, userAllocations, expireAt, metadata, pinUpdate, origins);
  }

  public PinOptions withName(String newName) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        newName,
        mode,
        shardSize,
        userAllocations,
        expireAt,
        metadata,
        pinUpdate,
        origins);
  }

  public PinOptions withMode(PinMode newMode) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        newMode,
        shardSize,
        userAllocations,
        expireAt,
        metadata,
        pinUpdate,
        origins);
  }

  public PinOptions withUserAllocations(List<PeerId> peers) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        shardSize,
        peers,
        expireAt,
        metadata,
        pinUpdate,
        origins);
  }

  public PinOptions withExpireAt(Instant when) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        shardSize,
        userAllocations,
        when,
        metadata,
        pinUpdate,
        origins);
  }

  public PinOptions withMetadata(Map<String, String> newMetadata) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        shardSize,
        userAllocations,
        expireAt,
        newMetadata,
        pinUpdate,
        origins);
  }

  public PinOptions withPinUpdate(Cid from) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        shardSize,
        userAllocations,
        expireAt,
        metadata,
        from,
        origins);
  }

  public PinOptions withOrigins(List<Multiaddr> newOrigins) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        shardSize,
        userAllocations,
        expireAt,
        metadata,
        pinUpdate,
        newOrigins);
  }

  public PinOptions withShardSize(long bytes) {
    return new PinOptions(
        replicationFactorMin,
        replicationFactorMax,
        name,
        mode,
        bytes,
        userAllocations,
        expireAt,
        metadata,
        pinUpdate,
        origins);
  }
}
