package io.ipfscluster.api;

import io.ipfscluster.multiformats.PeerId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who is connected to whom in the cluster, as {@code GET /health/graph} answers it: the cluster
 * peers each peer sees, which of them are trusted, each peer's IPFS node and the IPFS nodes each
 * IPFS node is connected to.
 *
 * <p>A peer that could not be asked has an empty list in {@code clusterLinks} and no entry in
 * {@code clusterToIpfs}; a peer whose IPFS node could not be asked has no entry in {@code
 * ipfsLinks}. Maps are sorted by peer ID.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clusterId the peer that drew the graph, or null when unknown
 * @param idToPeername each cluster peer's name
 * @param ipfsLinks for each IPFS node (by its peer ID), the IPFS nodes it is connected to
 * @param clusterLinks for each cluster peer, the other cluster peers it is connected to
 * @param clusterTrustLinks for each cluster peer, whether it is trusted
 * @param clusterToIpfs for each cluster peer, the peer ID of its IPFS node
 */
public record ConnectGraph(
    PeerId clusterId,
    SortedMap<PeerId, String> idToPeername,
    SortedMap<PeerId, List<PeerId>> ipfsLinks,
    SortedMap<PeerId, List<PeerId>> clusterLinks,
    SortedMap<PeerId, Boolean> clusterTrustLinks,
    SortedMap<PeerId, PeerId> clusterToIpfs) {

  public ConnectGraph {
    idToPeername = sorted(idToPeername);
    ipfsLinks = sortedLists(ipfsLinks);
    clusterLinks = sortedLists(clusterLinks);
    clusterTrustLinks = sorted(clusterTrustLinks);
    clusterToIpfs = sorted(clusterToIpfs);
  }

  /** A graph with no peers, drawn by {@code clusterId}. */
  public static ConnectGraph empty(PeerId clusterId) {
    return new ConnectGraph(clusterId, null, null, null, null, null);
  }

  private static <V> SortedMap<PeerId, V> sorted(Map<PeerId, V> map) {
    TreeMap<PeerId, V> copy = new TreeMap<>();
    if (map != null) {
      map.forEach(
          (k, v) -> {
            if (k == null || v == null) {
              throw new IllegalArgumentException("null key or value in " + map);
            }
            copy.put(k, v);
          });
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  private static SortedMap<PeerId, List<PeerId>> sortedLists(Map<PeerId, List<PeerId>> map) {
    TreeMap<PeerId, List<PeerId>> copy = new TreeMap<>();
    if (map != null) {
      map.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    return sorted(copy);
  }
}
