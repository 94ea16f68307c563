package io.ipfscluster.net.rpc;

import io.grpc.BindableService;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A peer for tests: an identity, its TLS material for a secret, optionally an RPC server on a
 * loopback port, and channels to the peers it was told about. Close it.
 */
public final class RpcTestPeer implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Identity identity;
  private final PeerTls tls;
  private final Set<PeerId> trusted = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, InetSocketAddress> book = new ConcurrentHashMap<>();
  private final PeerChannels channels;
  private PeerRpcServer server;
  private RpcGossipTransport gossip;

  private RpcTestPeer(Identity identity, byte[] secret, RpcLimits limits) {
    this(identity, secret, limits, ConnectionManagerConfig.defaults());
  }

  private RpcTestPeer(
      Identity identity, byte[] secret, RpcLimits limits, ConnectionManagerConfig connections) {
    this.identity = identity;
    this.tls = PeerTls.create(identity, secret);
    this.channels =
        new PeerChannels(
            tls,
            p -> book.containsKey(p) ? List.of(book.get(p)) : List.of(),
            Duration.ofSeconds(5),
            connections,
            limits);
  }

  /** A peer that only dials. */
  public static RpcTestPeer client(byte[] secret) {
    return new RpcTestPeer(Identity.generate(), secret, RpcLimits.defaults());
  }

  /** A peer of {@code identity} that only dials. */
  public static RpcTestPeer client(Identity identity, byte[] secret) {
    return new RpcTestPeer(identity, secret, RpcLimits.defaults());
  }

  /** A peer serving {@code services} under the default policy. */
  public static RpcTestPeer server(byte[] secret, RpcLimits limits, BindableService... services) {
    RpcTestPeer p = new RpcTestPeer(Identity.generate(), secret, limits);
    p.server =
        PeerRpcServer.start(
            p.tls,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            RpcPolicy.defaults(),
            p.trusted::contains,
            limits,
            List.of(services));
    return p;
  }

  /**
   * A peer of {@code identity} serving only a gossip transport that queues at most {@code
   * maxQueuedBytes} per peer. The transport is not started: a router or a test listener starts it.
   */
  public static RpcTestPeer gossip(Identity identity, byte[] secret, int maxQueuedBytes) {
    return gossip(identity, secret, maxQueuedBytes, ConnectionManagerConfig.defaults());
  }

  /** A {@link #gossip} peer whose dialled channels follow {@code connections}. */
  public static RpcTestPeer gossip(
      Identity identity, byte[] secret, int maxQueuedBytes, ConnectionManagerConfig connections) {
    RpcLimits limits = RpcLimits.defaults();
    RpcTestPeer p = new RpcTestPeer(identity, secret, limits, connections);
    p.gossip = new RpcGossipTransport(identity.peerId(), p.channels, limits, maxQueuedBytes);
    p.server =
        PeerRpcServer.start(
            p.tls,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            RpcPolicy.defaults(),
            p.trusted::contains,
            limits,
            List.of(p.gossip.service()));
    return p;
  }

  public static RpcTestPeer server(byte[] secret, BindableService... services) {
    return server(secret, RpcLimits.defaults(), services);
  }

  public PeerId id() {
    return identity.peerId();
  }

  public Identity identity() {
    return identity;
  }

  /** The gossip transport of a {@link #gossip} peer. */
  public RpcGossipTransport transport() {
    return gossip;
  }

  public PeerTls tls() {
    return tls;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  /** Lets this peer dial {@code other} at its address. */
  public RpcTestPeer knows(RpcTestPeer other) {
    book.put(other.id(), other.address());
    return this;
  }

  /** Lets this peer dial {@code peer} at {@code address}. */
  public RpcTestPeer knows(PeerId peer, InetSocketAddress address) {
    book.put(peer, address);
    return this;
  }

  /** Trusts {@code other} for the TRUSTED methods this peer serves. */
  public RpcTestPeer trusts(RpcTestPeer other) {
    trusted.add(other.id());
    return this;
  }

  /** How many connections other peers hold open to this peer's server. */
  public int inboundConnections() {
    return server.inboundConnections();
  }

  public PeerChannels channels() {
    return channels;
  }

  public RemotePinTracker tracker(RpcTestPeer other) {
    return new RemotePinTracker(channels.channel(other.id()), other.id(), TIMEOUT);
  }

  public RemoteCluster cluster(RpcTestPeer other) {
    return new RemoteCluster(channels.channel(other.id()), other.id(), TIMEOUT);
  }

  public RemoteIpfsBlocks ipfs(RpcTestPeer other) {
    return new RemoteIpfsBlocks(channels.channel(other.id()), other.id(), TIMEOUT);
  }

  public RpcBlockFetcher blocks() {
    return new RpcBlockFetcher(channels, TIMEOUT);
  }

  @Override
  public void close() {
    if (gossip != null) {
      gossip.close();
    }
    channels.close();
    if (server != null) {
      server.close();
    }
  }
}
