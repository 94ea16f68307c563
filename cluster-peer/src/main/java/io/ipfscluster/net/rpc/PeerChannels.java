package io.ipfscluster.net.rpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connections of this peer to other peers: one gRPC channel per peer, over TLS that fails
 * unless the remote side proves it is the peer dialled. Channels connect lazily, reconnect by
 * themselves, and give up a connection attempt after {@code dial_peer_timeout}.
 *
 * <p>Thread-safe. {@link #close} closes every channel and is idempotent.
 */
public final class PeerChannels implements AutoCloseable {
  private final PeerTls tls;
  private final Function<PeerId, Optional<InetSocketAddress>> addresses;
  private final Duration dialTimeout;
  private final RpcLimits limits;
  private final Map<PeerId, ManagedChannel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param addresses where a peer listens, if known (the peerstore's business)
   * @param dialTimeout {@code cluster.dial_peer_timeout}
   */
  public PeerChannels(
      PeerTls tls,
      Function<PeerId, Optional<InetSocketAddress>> addresses,
      Duration dialTimeout,
      RpcLimits limits) {
    this.tls = Objects.requireNonNull(tls, "tls");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.dialTimeout = Objects.requireNonNull(dialTimeout, "dialTimeout");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The channel to {@code peer}.
   *
   * @throws ClusterException when no address of the peer is known, or after {@link #close}
   */
  public ManagedChannel channel(PeerId peer) {
    if (closed) {
      throw new IllegalStateException("the peer channels are closed");
    }
    ManagedChannel existing = channels.get(peer);
    if (existing != null) {
      return existing;
    }
    InetSocketAddress address =
        addresses
            .apply(peer)
            .orElseThrow(
                () ->
                    new ClusterException(
                        ClusterException.Kind.FAILED, "no address known for peer " + peer));
    return channels.computeIfAbsent(peer, p -> dial(p, address));
  }

  private ManagedChannel dial(PeerId peer, InetSocketAddress address) {
    return NettyChannelBuilder.forAddress(address)
        .sslContext(tls.clientContext(peer))
        .overrideAuthority(peer.toString())
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) dialTimeout.toMillis())
        .maxInboundMessageSize(limits.maxInboundMessageBytes())
        .maxInboundMetadataSize(limits.maxInboundMetadataBytes())
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(dialTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
  }

  /** Closes the channel to {@code peer}, if any (its calls fail with {@code UNAVAILABLE}). */
  public void forget(PeerId peer) {
    ManagedChannel c = channels.remove(peer);
    if (c != null) {
      c.shutdownNow();
    }
  }

  /** The peers this peer holds a channel to. */
  public List<PeerId> peers() {
    return List.copyOf(channels.keySet());
  }

  @Override
  public void close() {
    closed = true;
    for (PeerId p : List.copyOf(channels.keySet())) {
      forget(p);
    }
  }
}
