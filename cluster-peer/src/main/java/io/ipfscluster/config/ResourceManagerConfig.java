package io.ipfscluster.config;

/**
 * {@code cluster.resource_manager}: limits on the memory and file descriptors the peer network may
 * use; 0 means "derive from the machine".
 *
 * <p>Immutable and thread-safe.
 *
 * <p>The constructor throws {@link ConfigException} when a limit is negative.
 */
public record ResourceManagerConfig(
    boolean enabled, long memoryLimitBytes, long fileDescriptorsLimit) {
  static final String PATH = "cluster.resource_manager";

  public ResourceManagerConfig {
    Require.notNegative(PATH + ".memory_limit_bytes", memoryLimitBytes);
    Require.notNegative(PATH + ".file_descriptors_limit", fileDescriptorsLimit);
  }

  /** Enabled, both limits 0 (automatic). */
  public static ResourceManagerConfig defaults() {
    return new ResourceManagerConfig(true, 0, 0);
  }

  static ResourceManagerConfig read(SectionReader r) {
    ResourceManagerConfig d = defaults();
    return new ResourceManagerConfig(
        r.bool("enabled", d.enabled),
        r.integerLong("memory_limit_bytes", d.memoryLimitBytes),
        r.integerLong("file_descriptors_limit", d.fileDescriptorsLimit));
  }

  void write(SectionWriter w) {
    w.put("enabled", enabled)
        .put("memory_limit_bytes", memoryLimitBytes)
        .put("file_descriptors_limit", fileDescriptorsLimit);
  }
}
