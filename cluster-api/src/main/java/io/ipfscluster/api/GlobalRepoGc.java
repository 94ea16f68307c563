package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ipfscluster.multiformats.PeerId;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The results of garbage-collecting the IPFS nodes of the cluster, one {@link RepoGc} per cluster
 * peer, as {@code POST /ipfs/gc} answers it: {@code {"peer_map": {…}}} sorted by peer ID.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peerMap each peer's result
 */
public record GlobalRepoGc(@JsonProperty("peer_map") SortedMap<PeerId, RepoGc> peerMap) {

  public GlobalRepoGc {
    TreeMap<PeerId, RepoGc> copy = new TreeMap<>();
    if (peerMap != null) {
      copy.putAll(peerMap);
    }
    peerMap = Collections.unmodifiableSortedMap(copy);
  }

  /** The result of one peer (what {@code POST /ipfs/gc?local=true} answers). */
  public static GlobalRepoGc of(PeerId peer, RepoGc result) {
    return new GlobalRepoGc(new TreeMap<>(Map.of(peer, result)));
  }
}
