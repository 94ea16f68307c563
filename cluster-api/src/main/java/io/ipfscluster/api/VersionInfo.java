package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A cluster peer's software version, as {@code GET /version} answers it: {@code {"version": …}}.
 * The original calls this {@code Version}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the version, for example {@code 1.1.6}
 */
public record VersionInfo(@JsonProperty("version") String version) {

  public VersionInfo {
    version = Objects.requireNonNullElse(version, "");
  }

  /** The version of this build. */
  public static VersionInfo current() {
    return new VersionInfo(ClusterVersion.current());
  }
}
