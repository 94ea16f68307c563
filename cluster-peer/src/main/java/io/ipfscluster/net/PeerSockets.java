package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the peer network dials and what it announces: the sockets of a peer's multiaddrs (DNS ones
 * looked up), and the addresses of this host a listener is reachable at. Stateless and thread-safe.
 */
final class PeerSockets {
  private static final Logger log = LoggerFactory.getLogger("net");

  private PeerSockets() {}

  /** Whether {@code address} has a form this peer can dial, without resolving it. */
  static boolean dialable(Multiaddr address) {
    return address.has(Protocol.DNSADDR)
        || (address.has(Protocol.TCP)
            && (address.has(Protocol.IP4)
                || address.has(Protocol.IP6)
                || address.has(Protocol.DNS4)
                || address.has(Protocol.DNS6)
                || address.has(Protocol.DNS)));
  }

  /**
   * Where to dial {@code peer}: the addresses it was just heard at on the local network, if any,
   * then its known addresses in order, DNS ones looked up. An address that does not resolve is
   * skipped (logged at debug).
   */
  static List<InetSocketAddress> sockets(
      Peerstore peerstore, DiscoveredPeers discoveries, AddressResolver resolver, PeerId peer) {
    List<InetSocketAddress> out = new ArrayList<>();
    List<Multiaddr> addresses = new ArrayList<>(discoveries.addresses(peer));
    addresses.addAll(peerstore.addresses(peer));
    for (Multiaddr a : addresses) {
      List<Multiaddr> resolved;
      try {
        resolved = resolver.resolve(a.withPeerId(peer));
      } catch (RuntimeException e) {
        log.debug("cannot resolve {}: {}", a, e.getMessage());
        continue;
      }
      for (Multiaddr r : resolved) {
        socket(r).filter(s -> !out.contains(s)).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The socket of {@code /ip4|ip6/<ip>/tcp/<port>}; empty for another form. */
  static Optional<InetSocketAddress> socket(Multiaddr address) {
    Optional<String> ip = address.valueOf(Protocol.IP4).or(() -> address.valueOf(Protocol.IP6));
    Optional<String> port = address.valueOf(Protocol.TCP);
    if (ip.isEmpty() || port.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new InetSocketAddress(InetAddress.getByName(ip.get()), Integer.parseInt(port.get())));
    } catch (UnknownHostException e) {
      return Optional.empty(); // not reached: an IP literal needs no lookup
    }
  }

  /**
   * The addresses to announce for a server listening on {@code listen} (as configured; the bound
   * socket of a wildcard may be IPv6 even for {@code 0.0.0.0}) at {@code port}: the address itself,
   * or, for a wildcard, this host's addresses of that family (loopback last, since it reaches only
   * this machine).
   */
  static List<Multiaddr> announce(InetSocketAddress listen, int port, PeerId self) {
    List<InetAddress> hosts = new ArrayList<>();
    if (listen.getAddress().isAnyLocalAddress()) {
      hosts.addAll(localAddresses(listen.getAddress().getClass()));
      hosts.sort((a, b) -> Boolean.compare(a.isLoopbackAddress(), b.isLoopbackAddress()));
    } else {
      hosts.add(listen.getAddress());
    }
    List<Multiaddr> out = new ArrayList<>();
    for (InetAddress h : hosts) {
      String family = h instanceof java.net.Inet6Address ? "ip6" : "ip4";
      String ip = h.getHostAddress().replaceFirst("%.*$", "");
      out.add(Multiaddr.parse("/" + family + "/" + ip + "/tcp/" + port + "/p2p/" + self));
    }
    return List.copyOf(out);
  }

  /**
   * The addresses of this host's interfaces that are up, of the class given, link-local excluded.
   */
  private static List<InetAddress> localAddresses(Class<? extends InetAddress> family) {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          nic.inetAddresses()
              .filter(a -> family.isInstance(a) && !a.isLinkLocalAddress())
              .forEach(out::add);
        }
      }
    } catch (SocketException e) {
      log.warn("cannot list the network interfaces: {}", e.toString());
    }
    if (out.isEmpty()) {
      out.add(InetAddress.getLoopbackAddress());
    }
    return out;
  }
}
