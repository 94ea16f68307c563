package io.ipfscluster.net.rpc;

import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A peer for gossip tests: an identity, TLS for a secret, an RPC server on a loopback port serving
 * only an {@link RpcGossipTransport}'s service, and the channels the transport dials through. The
 * transport is not started: a router or a test listener starts it. Close it.
 */
public final class GossipTestPeer implements AutoCloseable {
  private final Identity identity;
  private final Map<PeerId, InetSocketAddress> book = new ConcurrentHashMap<>();
  private final PeerChannels channels;
  private final RpcGossipTransport transport;
  private final PeerRpcServer server;

  private GossipTestPeer(Identity identity, byte[] secret, int maxQueuedBytes) {
    this.identity = identity;
    PeerTls tls = PeerTls.create(identity, secret);
    RpcLimits limits = RpcLimits.defaults();
    this.channels =
        new PeerChannels(
            tls,
            p -> book.containsKey(p) ? List.of(book.get(p)) : List.of(),
            Duration.ofSeconds(5),
            ConnectionManagerConfig.defaults(),
            limits);
    this.transport = new RpcGossipTransport(identity.peerId(), channels, limits, maxQueuedBytes);
    this.server =
        PeerRpcServer.start(
            tls,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            RpcPolicy.defaults(),
            p -> false,
            limits,
            List.of(transport.service()));
  }

  /** A peer of a new identity in the cluster of {@code secret}, with the default queues. */
  public static GossipTestPeer start(byte[] secret) {
    return start(Identity.generate(), secret, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
  }

  public static GossipTestPeer start(Identity identity, byte[] secret, int maxQueuedBytes) {
    return new GossipTestPeer(identity, secret, maxQueuedBytes);
  }

  public Identity identity() {
    return identity;
  }

  public PeerId id() {
    return identity.peerId();
  }

  public RpcGossipTransport transport() {
    return transport;
  }

  public PeerChannels channels() {
    return channels;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  /** Lets this peer dial {@code other}. */
  public GossipTestPeer knows(GossipTestPeer other) {
    book.put(other.id(), other.address());
    return this;
  }

  @Override
  public void close() {
    transport.close();
    channels.close();
    server.close();
  }
}
