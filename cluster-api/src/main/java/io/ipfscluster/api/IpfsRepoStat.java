package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How much an IPFS node stores and may store, in bytes: {@code {"RepoSize": …, "StorageMax": …}},
 * the names IPFS itself uses. The original calls this {@code IPFSRepoStat}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param repoSize the bytes the repository uses
 * @param storageMax the bytes the repository may use
 */
@JsonPropertyOrder({"RepoSize", "StorageMax"})
public record IpfsRepoStat(
    @JsonProperty("RepoSize") long repoSize, @JsonProperty("StorageMax") long storageMax) {

  public IpfsRepoStat {
    if (repoSize < 0) {
      throw new IllegalArgumentException("RepoSize must not be negative, got " + repoSize);
    }
    if (storageMax < 0) {
      throw new IllegalArgumentException("StorageMax must not be negative, got " + storageMax);
    }
  }

  /** The bytes still free: {@code storageMax - repoSize}, or 0 when the repository is full. */
  public long free() {
    return Math.max(0, storageMax - repoSize);
  }
}
