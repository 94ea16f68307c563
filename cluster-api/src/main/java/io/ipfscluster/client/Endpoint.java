package io.ipfscluster.client;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multiaddr.Component;
import io.ipfscluster.multiformats.Protocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one API host listens: a TCP host and port spoken to in HTTP or HTTPS, or a Unix domain
 * socket.
 *
 * @param scheme {@code http}, {@code https} or {@code http+unix}
 * @param host the host name or IP literal (for a socket: {@code restapi}, as the Go client says)
 * @param port the TCP port (0 for a socket)
 * @param family {@link Protocol#DNS4} or {@link Protocol#DNS6} to keep only IPv4 or IPv6 addresses
 *     of a DNS name, else null
 * @param socket the socket path, or null
 */
record Endpoint(String scheme, String host, int port, Protocol family, Path socket) {

  boolean tls() {
    return scheme.equals("https");
  }

  /** {@code host:port} as the {@code Host} header and Go's messages write it. */
  String authority() {
    if (socket != null) {
      return host;
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The URL of {@code target} (a path with its query), for messages. */
  String url(String target) {
    return scheme + "://" + authority() + target;
  }

  /** The addresses to try, in order (the DNS name resolved, filtered by family). */
  List<InetAddress> resolve() throws UnknownHostException {
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(host)) {
      if (family == Protocol.DNS4 && !(a instanceof Inet4Address)
          || family == Protocol.DNS6 && !(a instanceof Inet6Address)) {
        continue;
      }
      out.add(a);
    }
    if (out.isEmpty()) {
      throw new UnknownHostException(host);
    }
    return out;
  }

  /**
   * The endpoint of an API multiaddr.
   *
   * @param https whether TCP hosts speak TLS unless the address says so itself
   * @throws IllegalArgumentException naming the address when it is not one this client can reach
   */
  static Endpoint of(Multiaddr addr, boolean https) {
    if (addr.has(Protocol.P2P) || addr.has(Protocol.DNSADDR)) {
      throw new IllegalArgumentException(
          "host "
              + addr
              + ": libp2p API endpoints (/p2p/, /dnsaddr/) are not supported by this client;"
              + " use the peer's HTTP API address, such as /ip4/127.0.0.1/tcp/9094");
    }
    List<Component> c = addr.components();
    if (!c.isEmpty() && c.get(0).protocol() == Protocol.UNIX) {
      if (c.size() > 2 || c.size() == 2 && c.get(1).protocol() != Protocol.HTTP) {
        throw unsupported(addr);
      }
      return new Endpoint("http+unix", "restapi", 0, null, Path.of(c.get(0).valueString()));
    }
    if (c.size() < 2 || c.get(1).protocol() != Protocol.TCP) {
      throw unsupported(addr);
    }
    Protocol first = c.get(0).protocol();
    if (first != Protocol.IP4
        && first != Protocol.IP6
        && first != Protocol.DNS
        && first != Protocol.DNS4
        && first != Protocol.DNS6) {
      throw unsupported(addr);
    }
    List<Protocol> rest = c.subList(2, c.size()).stream().map(Component::protocol).toList();
    boolean tls;
    if (rest.isEmpty()) {
      tls = https;
    } else if (rest.equals(List.of(Protocol.HTTP))) {
      tls = https;
    } else if (rest.equals(List.of(Protocol.HTTPS))
        || rest.equals(List.of(Protocol.TLS, Protocol.HTTP))) {
      tls = true;
    } else {
      throw unsupported(addr);
    }
    Protocol family = first == Protocol.DNS4 || first == Protocol.DNS6 ? first : null;
    int port = Integer.parseInt(c.get(1).valueString());
    return new Endpoint(tls ? "https" : "http", c.get(0).valueString(), port, family, null);
  }

  /**
   * The endpoint of an {@code http} or {@code https} URL (for adding web files).
   *
   * @throws IllegalArgumentException when the URL has another scheme or no host
   */
  static Endpoint of(URI url) {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    return new Endpoint(scheme, host, port, null, null);
  }

  private static IllegalArgumentException unsupported(Multiaddr addr) {
    return new IllegalArgumentException(
        "host "
            + addr
            + " is not an API address this client can reach: expected"
            + " /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/http|/https|/tls/http]"
            + " or /unix/<socket path>");
  }
}
