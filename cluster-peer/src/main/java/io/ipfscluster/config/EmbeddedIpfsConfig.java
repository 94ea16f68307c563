package io.ipfscluster.config;

import java.nio.file.Path;

/**
 * {@code ipfs_connector.embedded}: when present, the peer runs its own IPFS node, listening on
 * {@code ipfs_connector.ipfshttp.node_multiaddress}, so a cluster needs nothing else installed.
 * Without this section the peer talks to an external kubo node at that address (the original's
 * behaviour). {@code init} writes it.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path.
 *
 * @param repo the node's folder, relative to the configuration folder
 * @param storageMaxBytes the most bytes of blocks the node stores (kubo's Datastore.StorageMax)
 */
public record EmbeddedIpfsConfig(String repo, long storageMaxBytes) {
  static final String KEY = "embedded";
  static final String PATH = "ipfs_connector.embedded";

  public EmbeddedIpfsConfig {
    Require.notEmpty(PATH + ".repo", repo);
    Require.that(
        storageMaxBytes > 0,
        PATH + ".storage_max_bytes",
        "must be positive",
        String.valueOf(storageMaxBytes));
  }

  /** A node in {@code ipfs/} storing at most 10 GB, kubo's default. */
  public static EmbeddedIpfsConfig defaults() {
    return new EmbeddedIpfsConfig("ipfs", 10_000_000_000L);
  }

  /** The node's folder: {@code repo} resolved against the configuration folder. */
  public Path repo(Path configDir) {
    return configDir.resolve(repo);
  }

  static EmbeddedIpfsConfig read(SectionReader r) {
    EmbeddedIpfsConfig d = defaults();
    return new EmbeddedIpfsConfig(
        r.string("repo", d.repo), r.countLong("storage_max_bytes", d.storageMaxBytes));
  }

  void write(SectionWriter w) {
    w.put("repo", repo);
    w.put("storage_max_bytes", storageMaxBytes);
  }
}
