package io.ipfscluster.peer;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.consensus.raft.PeerAddresses;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.PeerstoreFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The endpoints of a peer configured by {@code cc}: its own from the first TCP {@code
   * cluster.listen_multiaddress} (a wildcard stands for this host's addresses), the others' from
   * {@code cluster.peer_addresses} and the peerstore file, then from {@code network} once it runs.
   *
   * @throws ClusterException INVALID when no TCP listen address has a fixed port
   * @throws IOException when the peerstore file cannot be read
   */
  static RaftEndpoints of(
      ClusterConfig cc, Path configDir, PeerId self, Supplier<PeerNetwork> network)
      throws IOException {
    InetSocketAddress bind = bindAddress(cc);
    List<Multiaddr> known = new ArrayList<>();
    cc.peerAddresses().forEach(a -> known.add(Multiaddr.parse(a)));
    known.addAll(PeerstoreFile.read(cc.peerstorePath(configDir)));
    return new RaftEndpoints(
        self, PeerNetwork.announce(bind, bind.getPort(), self), known, network);
  }

  /**
   * Where the peer network of {@code cc} listens: its first TCP {@code listen_multiaddress}; the
   * Raft server binds the same interface.
   *
   * @throws ClusterException INVALID when there is none or its port is 0
   */
  static InetSocketAddress bindAddress(ClusterConfig cc) {
    Multiaddr listen =
        cc.listenMultiaddress().stream()
            .map(Multiaddr::parse)
            .filter(a -> a.has(Protocol.TCP))
            .findFirst()
            .orElseThrow(
                () ->
                    new ClusterException(
                        ClusterException.Kind.INVALID,
                        "cluster.listen_multiaddress has no TCP address for the peer network"));
    InetSocketAddress bind = PeerNetwork.listenSocket(listen);
    if (bind.getPort() == 0) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "consensus.raft needs a fixed port in cluster.listen_multiaddress (its Raft endpoint"
              + " listens at that port + "
              + PORT_OFFSET
              + "), got "
              + listen);
    }
    return bind;
  }

  /**
   * The peers of a new Raft configuration: this peer and every other peer whose endpoint is known
   * before the network runs (the configured and peerstore addresses), with their endpoints.
   */
  Map<PeerId, String> knownPeers() {
    Map<PeerId, String> out = new LinkedHashMap<>();
    raftAddress(self).ifPresent(a -> out.put(self, a));
    for (Multiaddr a : configured) {
      a.peerId()
          .filter(p -> !out.containsKey(p))
          .ifPresent(p -> raftAddress(p).ifPresent(e -> out.put(p, e)));
    }
    return out;
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
