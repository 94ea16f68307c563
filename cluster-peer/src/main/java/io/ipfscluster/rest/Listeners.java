package io.ipfscluster.rest;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * The connectors for {@code http_listen_multiaddress}: {@code
 * /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} and {@code /unix/<path>}, as the original's {@code
 * manet.DialArgs} accepts them.
 *
 * <p>A new connection gets {@code read_header_timeout} (or {@code read_timeout} when that is 0) as
 * its idle timeout until its first request arrives; {@link ApiHandler} then sets {@code
 * idle_timeout}. Thread-safe: stateless.
 */
final class Listeners {
  private Listeners() {}

  /**
   * A connector for {@code address}, not yet started.
   *
   * @throws IllegalArgumentException when the address is neither TCP nor a unix socket
   */
  static AbstractConnector connector(
      Server server,
      Multiaddr address,
      Duration headerTimeout,
      Duration idleTimeout,
      ConnectionFactory... factories) {
    AbstractConnector connector;
    var unix = address.valueOf(Protocol.UNIX);
    if (unix.isPresent()) {
      UnixDomainServerConnector c = new UnixDomainServerConnector(server, 1, 1, factories);
      c.setUnixDomainPath(Path.of(unix.get()));
      connector = c;
    } else {
      String host =
          address
              .valueOf(Protocol.IP4)
              .or(() -> address.valueOf(Protocol.IP6))
              .or(() -> address.valueOf(Protocol.DNS))
              .or(() -> address.valueOf(Protocol.DNS4))
              .or(() -> address.valueOf(Protocol.DNS6))
              .orElse(null);
      String port = address.valueOf(Protocol.TCP).orElse(null);
      if (host == null || port == null) {
        throw new IllegalArgumentException(
            "cannot listen on "
                + address
                + ": an HTTP API listens on /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port> or /unix/<path>");
      }
      ServerConnector c = new ServerConnector(server, 1, 1, factories);
      c.setHost(host);
      c.setPort(Integer.parseInt(port));
      connector = c;
    }
    connector.setIdleTimeout(idleTimeout.toMillis());
    long headerMillis = headerTimeout.toMillis();
    if (headerMillis > 0) {
      connector.addBean(
          new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
              connection.getEndPoint().setIdleTimeout(headerMillis);
            }
          });
    }
    return connector;
  }

  /** Where {@code connector} listens, as a multiaddr (with the port the system chose for 0). */
  static Multiaddr address(Connector connector, Multiaddr configured) {
    if (connector instanceof ServerConnector tcp) {
      return Multiaddr.parse(
          configured.toString().replaceFirst("/tcp/\\d+", "/tcp/" + tcp.getLocalPort()));
    }
    return configured;
  }
}
