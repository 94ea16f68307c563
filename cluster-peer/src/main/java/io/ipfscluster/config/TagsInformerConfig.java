package io.ipfscluster.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code informer.tags}: the informer that reports this peer's tags (name → value), which the
 * allocator can partition by ({@code "tag:group"}). It runs only when its section is in the file.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for a TTL that is
 * not positive.
 */
public record TagsInformerConfig(Duration metricTtl, Map<String, String> tags) {
  static final String KEY = "tags";
  static final String PATH = "informer.tags";

  public TagsInformerConfig {
    tags = Map.copyOf(tags);
    Require.positive(PATH + ".metric_ttl", metricTtl);
  }

  /** The tag group=default, valid for 30s. */
  public static TagsInformerConfig defaults() {
    return new TagsInformerConfig(Duration.ofSeconds(30), Map.of("group", "default"));
  }

  static TagsInformerConfig read(SectionReader r) {
    TagsInformerConfig d = defaults();
    return new TagsInformerConfig(
        r.duration("metric_ttl", d.metricTtl), r.stringMap("tags", d.tags));
  }

  void write(SectionWriter w) {
    w.put("metric_ttl", metricTtl).putStringMap("tags", tags);
  }
}
