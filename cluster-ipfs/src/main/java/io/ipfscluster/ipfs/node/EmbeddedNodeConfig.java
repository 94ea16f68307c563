package io.ipfscluster.ipfs.node;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the embedded IPFS node. {@link #defaults(Path)} gives kubo's defaults where kubo has
 * one.
 *
 * <p>An immutable value, validated on construction; messages name the field (its kubo config key
 * where there is one). Thread-safe.
 *
 * @param repo the node's folder: {@code blocks/} (one file per block), {@code datastore/} (pins,
 *     RocksDB) and {@code identity.json}; created if missing
 * @param apiAddresses where the kubo RPC API listens ({@code Addresses.API}): {@code
 *     /ip4|ip6/<ip>/tcp/<port>} (port 0 picks a free one) or {@code /unix/<path>}
 * @param storageMax the most bytes of blocks the node stores ({@code Datastore.StorageMax}); writes
 *     beyond fail
 * @param pinTimeout how long a pin waits for a block it lacks before failing; the wait restarts at
 *     each block the block source supplies
 * @param walkParallelism blocks read or fetched at once while walking a DAG
 * @param writeParallelism blocks written at once by imports
 * @param fsync whether to fsync blocks, folders and pins; false only for tests and benchmarks
 * @param layout how blocks are kept on disk; a repository keeps the layout it was created with
 */
public record EmbeddedNodeConfig(
    Path repo,
    List<Multiaddr> apiAddresses,
    long storageMax,
    Duration pinTimeout,
    int walkParallelism,
    int writeParallelism,
    boolean fsync,
    BlockstoreLayout layout) {

  /** How the node keeps blocks on disk. */
  public enum BlockstoreLayout {
    /**
     * Blocks appended to 256 MiB pack files, indexed in the node's RocksDB ({@code packs/}): the
     * default, three to five times faster to import into (see {@code PackBlockstore}).
     */
    PACKS,
    /** One file per block in kubo's flatfs layout ({@code blocks/}), readable by kubo's tools. */
    FLATFS
  }

  /** kubo's default {@code Datastore.StorageMax}: {@code "10GB"}. */
  public static final long DEFAULT_STORAGE_MAX = 10_000_000_000L;

  /** kubo's default {@code Addresses.API}. */
  public static final Multiaddr DEFAULT_API_ADDRESS = Multiaddr.parse("/ip4/127.0.0.1/tcp/5001");

  public EmbeddedNodeConfig {
    Objects.requireNonNull(repo, "repo");
    apiAddresses = List.copyOf(Objects.requireNonNull(apiAddresses, "apiAddresses"));
    if (apiAddresses.isEmpty()) {
      throw new IllegalArgumentException("Addresses.API must name at least one address");
    }
    for (Multiaddr address : apiAddresses) {
      if (!address.has(Protocol.UNIX) && !address.has(Protocol.TCP)) {
        throw new IllegalArgumentException(
            "Addresses.API: " + address + " is neither /ip4|ip6|dns/…/tcp/<port> nor /unix/<path>");
      }
    }
    if (storageMax <= 0) {
      throw new IllegalArgumentException(
          "Datastore.StorageMax must be positive, got " + storageMax);
    }
    Objects.requireNonNull(pinTimeout, "pinTimeout");
    if (pinTimeout.isNegative() || pinTimeout.isZero()) {
      throw new IllegalArgumentException(
          "pinTimeout must be positive, got " + GoDuration.format(pinTimeout));
    }
    if (walkParallelism < 1 || walkParallelism > 1024) {
      throw new IllegalArgumentException(
          "walkParallelism must be between 1 and 1024, got " + walkParallelism);
    }
    if (writeParallelism < 1 || writeParallelism > 1024) {
      throw new IllegalArgumentException(
          "writeParallelism must be between 1 and 1024, got " + writeParallelism);
    }
    Objects.requireNonNull(layout, "layout");
  }

  /**
   * The defaults for a node in {@code repo}: API on {@code /ip4/127.0.0.1/tcp/5001}, StorageMax 10
   * GB, pin timeout 2 minutes (the cluster's {@code pin_timeout}), 16 parallel reads and writes,
   * fsync on, blocks in packs.
   */
  public static EmbeddedNodeConfig defaults(Path repo) {
    return new EmbeddedNodeConfig(
        repo,
        List.of(DEFAULT_API_ADDRESS),
        DEFAULT_STORAGE_MAX,
        Duration.ofMinutes(2),
        16,
        16,
        true,
        BlockstoreLayout.PACKS);
  }

  public EmbeddedNodeConfig withApiAddresses(List<Multiaddr> addresses) {
    return new EmbeddedNodeConfig(
        repo, addresses, storageMax, pinTimeout, walkParallelism, writeParallelism, fsync, layout);
  }

  public EmbeddedNodeConfig withStorageMax(long bytes) {
    return new EmbeddedNodeConfig(
        repo, apiAddresses, bytes, pinTimeout, walkParallelism, writeParallelism, fsync, layout);
  }

  public EmbeddedNodeConfig withPinTimeout(Duration timeout) {
    return new EmbeddedNodeConfig(
        repo, apiAddresses, storageMax, timeout, walkParallelism, writeParallelism, fsync, layout);
  }

  public EmbeddedNodeConfig withFsync(boolean on) {
    return new EmbeddedNodeConfig(
        repo, apiAddresses, storageMax, pinTimeout, walkParallelism, writeParallelism, on, layout);
  }

  public EmbeddedNodeConfig withLayout(BlockstoreLayout other) {
    return new EmbeddedNodeConfig(
        repo,
        apiAddresses,
        storageMax,
        pinTimeout,
        walkParallelism,
        writeParallelism,
        fsync,
        other);
  }
}
