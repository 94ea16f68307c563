package io.ipfscluster.api;

import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * The result of garbage-collecting one cluster peer's IPFS node: what was removed, or why it could
 * not run.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peer the cluster peer, or null when unknown
 * @param peername the cluster peer's name
 * @param keys the blocks removed and the errors met, in order
 * @param error why the collection failed, or {@code ""}
 */
public record RepoGc(PeerId peer, String peername, List<RepoGcKey> keys, String error) {

  public RepoGc {
    peername = Objects.requireNonNullElse(peername, "");
    keys = keys == null ? List.of() : List.copyOf(keys);
    error = Objects.requireNonNullElse(error, "");
  }

  /** A collection that could not run on {@code peer}. */
  public static RepoGc failed(PeerId peer, String peername, String error) {
    return new RepoGc(peer, peername, List.of(), error);
  }
}
