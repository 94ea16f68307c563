package io.ipfscluster.net.rpc;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves this peer's RPC services to the other peers of its cluster: gRPC over the mutual TLS of
 * {@link PeerTls}, every call checked against the {@link RpcPolicy} on the caller's authenticated
 * peer ID. Calls run on virtual threads, at most {@link RpcLimits#maxConcurrentCallsPerConnection}
 * at a time per connection; messages above {@link RpcLimits#maxInboundMessageBytes} are refused
 * with {@code RESOURCE_EXHAUSTED} without being read into memory. A call that gRPC drops for what
 * the caller sent (too large, or not the method's request) is logged ({@link DroppedCallLog}).
 *
 * <p>Connections from other peers are kept within the connection manager's bounds of {@link
 * RpcLimits#inboundConnections} ({@link InboundConnections}).
 *
 * <p>Thread-safe. {@link #close} is idempotent.
 */
public final class PeerRpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerRpcServer.class);

  /** The authenticated caller of the call being served. */
  static final Context.Key<PeerId> CALLER = Context.key("ipfs-cluster-caller");

  private final String logId;
  private final Server server;
  private final ExecutorService executor;
  private final InboundConnections inbound;
  private final List<EventLoopGroup> eventLoops;

  private PeerRpcServer(
      String logId,
      Server server,
      ExecutorService executor,
      InboundConnections inbound,
      List<EventLoopGroup> eventLoops) {
    this.logId = logId;
    this.server = server;
    this.executor = executor;
    this.inbound = inbound;
    this.eventLoops = eventLoops;
  }

  /**
   * Starts serving {@code services} on {@code listen} (port 0 picks a free one).
   *
   * @param trusted whether a peer is trusted (for {@link Access#TRUSTED} methods); this peer always
   *     is
   * @throws IllegalStateException when the policy does not list a method of the services
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static PeerRpcServer start(
      PeerTls tls,
      InetSocketAddress listen,
      RpcPolicy policy,
      Predicate<PeerId> trusted,
      RpcLimits limits,
      List<BindableService> services) {
    return start(tls, listen, policy, trusted, peer -> false, limits, services);
  }

  /**
   * As {@link #start(PeerTls, InetSocketAddress, RpcPolicy, Predicate, RpcLimits, List)}, refusing
   * the connections and calls of the peers {@code refused} names (asked at each handshake and
   * call): the peer network's block-list.
   */
  public static PeerRpcServer start(
      PeerTls tls,
      InetSocketAddress listen,
      RpcPolicy policy,
      Predicate<PeerId> trusted,
      Predicate<PeerId> refused,
      RpcLimits limits,
      List<BindableService> services) {
    return start(tls, listen, policy, trusted, refused, peer -> false, limits, services);
  }

  /**
   * As {@link #start(PeerTls, InetSocketAddress, RpcPolicy, Predicate, Predicate, RpcLimits,
   * List)}, and also refusing every call of the peers {@code removed} names but one, {@code
   * Consensus.RemovalRecord}, with a refusal that tells them they were removed ({@link
   * RemovalRefusal}); their handshakes succeed, so that they can fetch the record and verify it.
   */
  public static PeerRpcServer start(
      PeerTls tls,
      InetSocketAddress listen,
      RpcPolicy policy,
      Predicate<PeerId> trusted,
      Predicate<PeerId> refused,
      Predicate<PeerId> removed,
      RpcLimits limits,
      List<BindableService> services) {
    Objects.requireNonNull(trusted, "trusted");
    Objects.requireNonNull(refused, "refused");
    Objects.requireNonNull(removed, "removed");
    List<ServerServiceDefinition> definitions =
        services.stream().map(BindableService::bindService).toList();
    policy.requireCovers(definitions);
    AccessInterceptor access =
        new AccessInterceptor(tls.peerId(), policy, trusted, refused, removed);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    InboundConnections inbound =
        new InboundConnections(limits.inboundConnections(), tls.logId(), System::nanoTime);
    EventLoopGroup acceptor =
        new MultiThreadIoEventLoopGroup(
            1,
            Thread.ofPlatform().daemon().name(tls.logId() + "-rpc-accept").factory(),
            NioIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            0,
            Thread.ofPlatform().daemon().name(tls.logId() + "-rpc-io-", 0).factory(),
            NioIoHandler.newFactory());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(listen)
            .channelFactory(inbound::serverChannel)
            .bossEventLoopGroup(acceptor)
            .workerEventLoopGroup(workers)
            .sslContext(tls.serverContext(refused))
            .executor(executor)
            .maxInboundMessageSize(limits.maxInboundMessageBytes())
            .maxInboundMetadataSize(limits.maxInboundMetadataBytes())
            .maxConcurrentCallsPerConnection(limits.maxConcurrentCallsPerConnection())
            // gRPC's default (one ping in 5 minutes) would answer the channels' keep-alive pings
            // with GOAWAY too_many_pings, dropping the gossip streams of a quiet connection.
            .permitKeepAliveTime(PeerChannels.KEEP_ALIVE.toSeconds() / 2, TimeUnit.SECONDS)
            .handshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    DroppedCallLog dropped = new DroppedCallLog(tls.logId());
    builder.addStreamTracerFactory(dropped.tracer());
    for (ServerServiceDefinition d : definitions) {
      // The last interceptor runs first: the dropped-call log sees the access policy's refusals.
      builder.addService(ServerInterceptors.intercept(d, access, dropped.interceptor()));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new UncheckedIOException("cannot listen for peers on " + listen, e);
    }
    LOG.info("{} serves peer RPC on {}", tls.logId(), server.getListenSockets());
    return new PeerRpcServer(tls.logId(), server, executor, inbound, List.of(acceptor, workers));
  }

  /** The TCP port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** How many connections other peers hold open to this server. */
  public int inboundConnections() {
    return inbound.size();
  }

  /** The authenticated peer calling, inside a served call; empty elsewhere. */
  public static Optional<PeerId> caller() {
    return Optional.ofNullable(CALLER.get());
  }

  /** Stops accepting calls, cancels those running after a grace of one second, and stops. */
  @Override
  public void close() {
    if (server.isShutdown()) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      eventLoops.forEach(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }
    LOG.info("{} stopped peer RPC", logId);
  }
}
