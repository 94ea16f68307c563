package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IPFS node inside the peer's JVM that serves the kubo RPC API the cluster uses, so a cluster
 * runs on a machine with nothing else installed. It keeps real blocks on disk, real pins and a
 * {@code Datastore.StorageMax}, fetches missing blocks from a {@link BlockSource}, and does not
 * join the public IPFS network.
 *
 * <pre>{@code
 * EmbeddedNodeConfig config = EmbeddedNodeConfig.defaults(Path.of("~/.ipfs-cluster/ipfs"))
 *     .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001")))
 *     .withStorageMax(50_000_000_000L);
 * try (EmbeddedIpfsNode node = EmbeddedIpfsNode.start(config, BlockSource.none())) {
 *   node.apiAddresses(); // where IpfsHttpConnector should point
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the API (calls in progress fail), then closes the
 * repository.
 */
public final class EmbeddedIpfsNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedIpfsNode.class);
  private static final long IDLE_TIMEOUT_MILLIS = 60 * 60 * 1000L;

  private final IpfsNode node;
  private final Server server;
  private final List<Multiaddr> bound;

  private EmbeddedIpfsNode(IpfsNode node, Server server, List<Multiaddr> bound) {
    this.node = node;
    this.server = server;
    this.bound = List.copyOf(bound);
  }

  /**
   * Opens the repository in {@code config.repo()} and starts the API on {@code
   * config.apiAddresses()}.
   *
   * @param source where to fetch blocks the node lacks ({@link BlockSource#none()} for nowhere)
   * @throws UncheckedIOException if an address cannot be bound (for example, it is in use)
   */
  public static EmbeddedIpfsNode start(EmbeddedNodeConfig config, BlockSource source) {
    IpfsNode node = IpfsNode.open(config, source);
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("ipfs-rpc");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    // No graceful wait: a graceful stop holds idle keep-alive connections for a second. Calls in
    // progress fail; their imports roll back and their pins are not recorded.
    server.setStopTimeout(0);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    List<AbstractConnector> connectors = new ArrayList<>();
    try {
      for (Multiaddr address : config.apiAddresses()) {
        connectors.add(connector(server, http, address));
      }
      connectors.forEach(server::addConnector);
      server.setHandler(new KuboRpcHandler(node, Commands.all()));
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      node.close();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException(
          "cannot start the IPFS API on " + config.apiAddresses(),
          e instanceof IOException io ? io : new IOException(e));
    }
    List<Multiaddr> bound = new ArrayList<>();
    for (int i = 0; i < connectors.size(); i++) {
      bound.add(boundAddress(config.apiAddresses().get(i), connectors.get(i)));
    }
    log.info("{} IPFS API listening on {}", node.logPrefix(), bound);
    return new EmbeddedIpfsNode(node, server, bound);
  }

  private static AbstractConnector connector(
      Server server, HttpConfiguration http, Multiaddr address) throws IOException {
    if (address.has(Protocol.UNIX)) {
      Path socket = Path.of(address.valueOf(Protocol.UNIX).orElseThrow());
      Files.deleteIfExists(socket);
      if (socket.getParent() != null) {
        Files.createDirectories(socket.getParent());
      }
      UnixDomainServerConnector unix =
          new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
      unix.setUnixDomainPath(socket);
      unix.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
      return unix;
    }
    ServerConnector tcp = new ServerConnector(server, new HttpConnectionFactory(http));
    tcp.setHost(host(address));
    tcp.setPort(Integer.parseInt(address.valueOf(Protocol.TCP).orElseThrow()));
    tcp.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    return tcp;
  }

  private static String host(Multiaddr address) {
    for (Protocol p :
        List.of(Protocol.IP4, Protocol.IP6, Protocol.DNS, Protocol.DNS4, Protocol.DNS6)) {
      if (address.has(p)) {
        return address.valueOf(p).orElseThrow();
      }
    }
    throw new IllegalArgumentException(
        "Addresses.API: " + address + " names no host (ip4, ip6, dns, dns4 or dns6)");
  }

  private static Multiaddr boundAddress(Multiaddr configured, AbstractConnector connector) {
    if (connector instanceof ServerConnector tcp) {
      String text = configured.toString();
      String port = configured.valueOf(Protocol.TCP).orElseThrow();
      return Multiaddr.parse(text.replace("/tcp/" + port, "/tcp/" + tcp.getLocalPort()));
    }
    return configured;
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.debug("stopping the IPFS API after a failed start failed", e);
    }
  }

  /** The node behind the API, for in-process use (for example answering other peers' blocks). */
  public IpfsNode node() {
    return node;
  }

  /** The addresses the API listens on, with the real port where 0 was asked for. */
  public List<Multiaddr> apiAddresses() {
    return bound;
  }

  /** Stops the API, then closes the repository. Idempotent. */
  @Override
  public void close() {
    if (server.isStopped()) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("{} stopping the IPFS API failed", node.logPrefix(), e);
    } finally {
      node.close();
    }
  }
}
