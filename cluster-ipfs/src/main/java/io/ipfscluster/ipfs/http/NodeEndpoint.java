package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the node's RPC API is, derived from its multiaddr: the base URI of {@code /api/v0/} and,
 * for {@code /unix/} addresses, the socket to dial instead of TCP.
 *
 * @param baseUri for example {@code http://127.0.0.1:5001/api/v0/}
 * @param unixSocket the socket for {@code /unix/} addresses, or null
 * @param address the multiaddr, for messages
 */
record NodeEndpoint(String baseUri, Path unixSocket, Multiaddr address) {

  /**
   * Reads a node multiaddr.
   *
   * @throws IllegalArgumentException naming {@code node_multiaddress} if it is not an HTTP API
   *     address this connector can dial
   */
  static NodeEndpoint of(Multiaddr addr, boolean https) {
    List<Multiaddr.Component> cs = addr.components();
    Protocol first = cs.getFirst().protocol();
    if (first == Protocol.UNIX) {
      return new NodeEndpoint(
          (https ? "https" : "http") + "://localhost/api/v0/",
          Path.of(cs.getFirst().valueString()),
          addr);
    }
    String host =
        switch (first) {
          case IP4, DNS, DNS4, DNS6 -> cs.getFirst().valueString();
          case IP6 -> "[" + cs.getFirst().valueString() + "]";
          default ->
              throw invalid(addr, "it must start with /ip4, /ip6, /dns, /dns4, /dns6 or /unix");
        };
    if (cs.size() < 2 || cs.get(1).protocol() != Protocol.TCP) {
      throw invalid(addr, "the host must be followed by /tcp/<port>");
    }
    boolean secure = https;
    for (Multiaddr.Component c : cs.subList(2, cs.size())) {
      switch (c.protocol()) {
        case HTTPS, TLS -> secure = true;
        case HTTP -> {}
        default -> throw invalid(addr, "/" + c.protocol().specName() + " is not an HTTP transport");
      }
    }
    String port = cs.get(1).valueString();
    return new NodeEndpoint(
        (secure ? "https" : "http") + "://" + host + ":" + port + "/api/v0/", null, addr);
  }

  private static IllegalArgumentException invalid(Multiaddr addr, String why) {
    return new IllegalArgumentException(
        IpfsHttpSettings.SECTION + ".node_multiaddress " + addr + " is invalid: " + why);
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
