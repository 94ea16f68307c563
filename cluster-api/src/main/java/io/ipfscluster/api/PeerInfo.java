package io.ipfscluster.api;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * Who a cluster peer is and what it sees: its ID and addresses, the cluster peers it knows, its
 * version and its IPFS node. This is the original's {@code ID} type, answered by {@code GET /id}
 * and streamed by {@code GET /peers}.
 *
 * <p>A peer that could not be reached is reported with only its {@code id} and an {@code error}
 * ({@link #unreachable}). Collections are never null (empty when unset).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the cluster peer's ID, or null when unknown
 * @param addresses where the peer listens, each ending in {@code /p2p/<id>}
 * @param clusterPeers the peers of the cluster as this peer sees them, itself included
 * @param clusterPeersAddresses the known addresses of those peers
 * @param version the peer's software version, for example {@code 1.1.6}
 * @param commit the source commit, usually {@code ""}
 * @param rpcProtocolVersion the peer-to-peer RPC protocol, for example {@code /ipfscluster/1.0/rpc}
 * @param error why the peer could not be asked, or {@code ""}
 * @param ipfs the peer's IPFS node
 * @param peername the peer's configured name
 */
public record PeerInfo(
    PeerId id,
    List<Multiaddr> addresses,
    List<PeerId> clusterPeers,
    List<Multiaddr> clusterPeersAddresses,
    String version,
    String commit,
    String rpcProtocolVersion,
    String error,
    IpfsInfo ipfs,
    String peername) {

  public PeerInfo {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    clusterPeers = clusterPeers == null ? List.of() : List.copyOf(clusterPeers);
    clusterPeersAddresses =
        clusterPeersAddresses == null ? List.of() : List.copyOf(clusterPeersAddresses);
    version = Objects.requireNonNullElse(version, "");
    commit = Objects.requireNonNullElse(commit, "");
    rpcProtocolVersion = Objects.requireNonNullElse(rpcProtocolVersion, "");
    error = Objects.requireNonNullElse(error, "");
    ipfs = Objects.requireNonNullElse(ipfs, IpfsInfo.unknown());
    peername = Objects.requireNonNullElse(peername, "");
  }

  /** A peer that could not be asked: its ID and the reason, nothing else. */
  public static PeerInfo unreachable(PeerId id, String error) {
    return new PeerInfo(id, List.of(), List.of(), List.of(), "", "", "", error, null, "");
  }

  public PeerInfo withIpfs(IpfsInfo newIpfs) {
    return new PeerInfo(
        id,
        addresses,
        clusterPeers,
        clusterPeersAddresses,
        version,
        commit,
        rpcProtocolVersion,
        error,
        newIpfs,
        peername);
  }
}
