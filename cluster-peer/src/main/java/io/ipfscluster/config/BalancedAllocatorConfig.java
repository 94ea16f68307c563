package io.ipfscluster.config;

import java.util.List;

/**
 * {@code allocator.balanced}: the metrics, in order, by which the allocator partitions and sorts
 * candidate peers ({@code "tag:<name>"} for a tag, else an informer's metric name). An empty list
 * in the file keeps the default.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for an empty list.
 */
public record BalancedAllocatorConfig(List<String> allocateBy) {
  static final String KEY = "balanced";
  static final String PATH = "allocator.balanced";

  public BalancedAllocatorConfig {
    allocateBy = List.copyOf(allocateBy);
    Require.notEmpty(PATH + ".allocate_by", allocateBy);
  }

  /** {@code ["tag:group", "freespace"]}. */
  public static BalancedAllocatorConfig defaults() {
    return new BalancedAllocatorConfig(List.of("tag:group", "freespace"));
  }

  /**
   * What the original uses when the file has no {@code allocator.balanced}: {@code ["freespace"]}.
   */
  public static BalancedAllocatorConfig legacy() {
    return new BalancedAllocatorConfig(List.of("freespace"));
  }

  static BalancedAllocatorConfig read(SectionReader r) {
    List<String> allocateBy = r.strings("allocate_by", defaults().allocateBy);
    return new BalancedAllocatorConfig(allocateBy.isEmpty() ? defaults().allocateBy : allocateBy);
  }

  void write(SectionWriter w) {
    w.put("allocate_by", allocateBy);
  }
}
