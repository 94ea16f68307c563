package io.ipfscluster.peer;

import io.ipfscluster.consensus.raft.PeerAddresses;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.net.PeerNetwork;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the Raft endpoint of a cluster peer listens: on the host of its peer-network address, at
 * that address's TCP port plus {@value #PORT_OFFSET} ({@code /ip4/10.0.0.5/tcp/9096} has its Raft
 * endpoint at {@code 10.0.0.5:9098}). So a peer's Raft endpoint is known wherever its peer-network
 * address is, with no configuration key and no extra round trip; every peer of a cluster follows
 * the same rule (docs/raft.md, "Addresses").
 *
 * <p>Other peers' addresses come from the peer network once it runs, and before that (when the Raft
 * server starts and bootstraps its {@code init_peerset}) from {@code cluster.peer_addresses} and
 * the peerstore file, in that order, as the network itself loads them. This peer's own endpoint is
 * that of its first announced address. Thread-safe.
 */
final class RaftEndpoints implements PeerAddresses {
  /*
   * Why +2 and not +1: the original's defaults already give 9097 (cluster port + 1) to the
   * Pinning Service API (api.pinsvcapi), so a peer with the default configuration would clash.
   */
  /** The Raft port of a peer is its peer-network TCP port plus this. */
  static final int PORT_OFFSET = 2;

  private final PeerId self;
  private final List<Multiaddr> selfAddresses;
  private final List<Multiaddr> configured;
  private final Supplier<PeerNetwork> network;

  /**
   * @param selfAddresses the addresses this peer announces on the peer network
   * @param configured other peers' addresses known before the network runs
   * @param network the peer network, or null until it runs
   */
  RaftEndpoints(
      PeerId self,
      List<Multiaddr> selfAddresses,
      List<Multiaddr> configured,
      Supplier<PeerNetwork> network) {
    this.self = self;
    this.selfAddresses = List.copyOf(selfAddresses);
    this.configured = List.copyOf(configured);
    this.network = network;
  }

  @Override
  public Optional<String> raftAddress(PeerId peer) {
    if (peer.equals(self)) {
      return first(selfAddresses);
    }
    PeerNetwork net = network.get();
    if (net != null) {
      Optional<String> known = first(net.addresses(peer));
      if (known.isPresent()) {
        return known;
      }
    }
    return first(configured.stream().filter(a -> a.peerId().equals(Optional.of(peer))).toList());
  }

  private static Optional<String> first(List<Multiaddr> addresses) {
    return addresses.stream().map(RaftEndpoints::endpoint).flatMap(Optional::stream).findFirst();
  }

  /**
   * The Raft endpoint ({@code host:port}) that goes with the peer-network address {@code address}:
   * an IP or DNS name with a non-zero TCP port; empty for another form.
   */
  static Optional<String> endpoint(Multiaddr address) {
    Optional<Integer> port = address.valueOf(Protocol.TCP).map(Integer::parseInt);
    if (port.isEmpty() || port.get() == 0 || port.get() + PORT_OFFSET > 65535) {
      return Optional.empty();
    }
    Optional<String> host =
        address
            .valueOf(Protocol.IP4)
            .or(() -> address.valueOf(Protocol.IP6).map(ip -> "[" + ip + "]"))
            .or(() -> address.valueOf(Protocol.DNS4))
            .or(() -> address.valueOf(Protocol.DNS6))
            .or(() -> address.valueOf(Protocol.DNS));
    return host.map(h -> h + ":" + (port.get() + PORT_OFFSET));
  }
}
