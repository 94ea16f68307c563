package io.ipfscluster.api;

import io.ipfscluster.multiformats.Cid;
import java.util.Objects;

/**
 * One line of an IPFS garbage collection: a block that was removed, or an error. The original calls
 * this {@code IPFSRepoGC}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the removed block's CID, or null on an error line
 * @param error what went wrong, or {@code ""}
 */
public record RepoGcKey(Cid key, String error) {

  public RepoGcKey {
    error = Objects.requireNonNullElse(error, "");
    if (key == null && error.isEmpty()) {
      throw new IllegalArgumentException("a repo GC line needs a key or an error");
    }
  }

  /** A removed block. */
  public static RepoGcKey removed(Cid key) {
    return new RepoGcKey(Objects.requireNonNull(key, "key"), "");
  }

  /** An error line. */
  public static RepoGcKey failed(String error) {
    return new RepoGcKey(null, error);
  }
}
