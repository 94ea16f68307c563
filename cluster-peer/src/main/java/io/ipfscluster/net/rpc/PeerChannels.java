package io.ipfscluster.net.rpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of this peer to other peers: one gRPC channel per peer, over TLS that fails
 * unless the remote side proves it is the peer dialled. Channels connect lazily, try the peer's
 * addresses in turn ({@link PeerAddressResolver}), reconnect by themselves, and give up a
 * connection attempt whose TCP connect and TLS handshake have not completed within {@code
 * dial_peer_timeout} ({@link DialDeadline}).
 *
 * <p>The connection manager's rule applies to the channels this peer dials, gossip links included:
 * when a new channel makes more than {@code high_water}, channels are closed until {@code
 * low_water} remain, sparing those opened less than {@code grace_period} ago. Channels that carry
 * no long-lived stream go first, least recently used first; then channels {@linkplain #hold held}
 * by a long-lived stream (a gossip link), whose holders are told so that they end their streams: a
 * closed channel lets its calls finish, and a stream that never finishes would otherwise keep its
 * connection open beyond the count. A closed channel is dialled again when next needed.
 *
 * <p>Thread-safe. {@link #close} closes every channel and is idempotent.
 */
public final class PeerChannels implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerChannels.class);

  /**
   * How long a connection may go without reading anything before the channel pings the peer; the
   * {@link PeerRpcServer} permits pings this often.
   */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

  /**
   * The event loops of every dialled connection in this process, shared as gRPC shares its default
   * ones, and never shut down: a channel keeps scheduling on them (name resolution retries,
   * back-off) until it has terminated, which may come after its owner closed. Their threads are
   * daemons, started with the first connection.
   */
  private static final EventLoopGroup DIAL_LOOPS =
      new MultiThreadIoEventLoopGroup(
          0,
          Thread.ofPlatform().daemon().name("peer-rpc-dial-", 0).factory(),
          NioIoHandler.newFactory());

  private final PeerTls tls;
  private final Function<PeerId, List<InetSocketAddress>> addresses;
  private final Duration dialTimeout;
  private final RpcLimits limits;
  private final ConnectionManagerConfig connections;
  private final LongSupplier nanoClock;
  private final Map<PeerId, Entry> channels = new ConcurrentHashMap<>();
  private volatile Consumer<PeerId> removalClaims = peer -> {};
  private volatile boolean closed;

  /**
   * A channel, when it was opened and when it was last handed out (nanoClock readings), and the
   * long-lived streams on it.
   */
  private static final class Entry {
    final ManagedChannel channel;
    final long opened;
    final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    volatile long used;

    Entry(ManagedChannel channel, long now) {
      this.channel = channel;
      this.opened = now;
      this.used = now;
    }
  }

  /**
   * @param addresses where a peer listens, best first, empty when unknown (the peerstore's
   *     business); asked again when a connection to the peer fails
   * @param dialTimeout {@code cluster.dial_peer_timeout}
   * @param connections {@code cluster.connection_manager}
   */
  public PeerChannels(
      PeerTls tls,
      Function<PeerId, List<InetSocketAddress>> addresses,
      Duration dialTimeout,
      ConnectionManagerConfig connections,
      RpcLimits limits) {
    this(tls, addresses, dialTimeout, connections, limits, System::nanoTime);
  }

  PeerChannels(
      PeerTls tls,
      Function<PeerId, List<InetSocketAddress>> addresses,
      Duration dialTimeout,
      ConnectionManagerConfig connections,
      RpcLimits limits,
      LongSupplier nanoClock) {
    this.tls = Objects.requireNonNull(tls, "tls");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.dialTimeout = Objects.requireNonNull(dialTimeout, "dialTimeout");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * The channel to {@code peer}.
   *
   * @throws ClusterException when no address of the peer is known, or after {@link #close}
   */
  public ManagedChannel channel(PeerId peer) {
    return entry(peer).channel;
  }

  /**
   * The channel to {@code peer} for a long-lived stream: the channel counts as held until {@link
   * Hold#release}, and if the connection manager closes it before, {@code onClosed} runs, on a
   * thread of its own (the caller may hold locks of its own), so that the holder ends its stream.
   *
   * @throws ClusterException when no address of the peer is known, or after {@link #close}
   */
  public Hold hold(PeerId peer, Runnable onClosed) {
    Objects.requireNonNull(onClosed, "onClosed");
    Entry entry = entry(peer);
    Hold hold = new Hold(entry, onClosed);
    entry.holds.add(hold);
    return hold;
  }

  /** A long-lived stream's claim on the channel to its peer. Thread-safe. */
  public static final class Hold {
    private final Entry entry;
    private final Runnable onClosed;

    private Hold(Entry entry, Runnable onClosed) {
      this.entry = entry;
      this.onClosed = onClosed;
    }

    /** The channel held. */
    public ManagedChannel channel() {
      return entry.channel;
    }

    /** Ends the claim, once the stream has ended. Idempotent. */
    public void release() {
      entry.holds.remove(this);
    }
  }

  private Entry entry(PeerId peer) {
    if (closed) {
      throw new IllegalStateException("the peer channels are closed");
    }
    Entry existing = channels.get(peer);
    if (existing != null) {
      existing.used = nanoClock.getAsLong();
      return existing;
    }
    if (addresses.apply(peer).isEmpty()) {
      throw new ClusterException(ClusterException.Kind.FAILED, "no address known for peer " + peer);
    }
    boolean[] dialled = new boolean[1];
    Entry entry =
        channels.computeIfAbsent(
            peer,
            p -> {
              dialled[0] = true;
              return new Entry(dial(p), nanoClock.getAsLong());
            });
    if (dialled[0] && channels.size() > connections.highWater()) {
      trim(peer);
    }
    return entry;
  }

  /** Whether {@link #channel} would not fail for want of an address: a channel or an address. */
  public boolean canDial(PeerId peer) {
    return channels.containsKey(peer) || !addresses.apply(peer).isEmpty();
  }

  /**
   * Closes channels out of grace down to low_water, never {@code keep}: the least recently used of
   * those without long-lived streams first, then the least recently used held ones.
   */
  private synchronized void trim(PeerId keep) {
    if (channels.size() <= connections.highWater()) {
      return;
    }
    long now = nanoClock.getAsLong();
    long grace = connections.gracePeriod().toNanos();
    List<Map.Entry<PeerId, Entry>> candidates =
        channels.entrySet().stream()
            .filter(e -> !e.getKey().equals(keep) && now - e.getValue().opened >= grace)
            .sorted(
                Comparator.comparing((Map.Entry<PeerId, Entry> e) -> !e.getValue().holds.isEmpty())
                    .thenComparingLong(e -> e.getValue().used))
            .toList();
    int closedChannels = 0;
    for (Map.Entry<PeerId, Entry> e : candidates) {
      if (channels.size() <= connections.lowWater()) {
        break;
      }
      Entry entry = e.getValue();
      if (channels.remove(e.getKey(), entry)) {
        closedChannels++;
        entry.channel.shutdown();
        for (Hold h : List.copyOf(entry.holds)) {
          Thread.ofVirtual().name("trimmed-" + e.getKey().shortString()).start(h.onClosed);
        }
      }
    }
    if (closedChannels > 0) {
      LOG.info(
          "{} closed {} peer connections it dialled beyond high_water {} (low_water {})",
          tls.logId(),
          closedChannels,
          connections.highWater(),
          connections.lowWater());
    }
  }

  /**
   * Calls {@code listener} with every peer that refuses a call claiming that this peer was removed
   * from the cluster ({@link RemovalRefusal}), on a gRPC thread. Replaces the previous listener.
   */
  public void onRemovalClaim(Consumer<PeerId> listener) {
    removalClaims = Objects.requireNonNull(listener, "listener");
  }

  private ManagedChannel dial(PeerId peer) {
    return NettyChannelBuilder.forTarget(PeerAddressResolver.SCHEME + ":///" + peer)
        .intercept(RemovalRefusal.watcher(peer, p -> removalClaims.accept(p)))
        .nameResolverFactory(PeerAddressResolver.factory(peer, addresses))
        .eventLoopGroup(DIAL_LOOPS)
        .channelFactory(
            () -> {
              NioSocketChannel connection = new NioSocketChannel();
              connection.pipeline().addFirst(new DialDeadline(dialTimeout));
              return connection;
            })
        .sslContext(tls.clientContext(peer))
        .overrideAuthority(peer.toString())
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) dialTimeout.toMillis())
        .maxInboundMessageSize(limits.maxInboundMessageBytes())
        .maxInboundMetadataSize(limits.maxInboundMetadataBytes())
        .keepAliveTime(KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS)
        .keepAliveTimeout(dialTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
  }

  /** Closes the channel to {@code peer}, if any (its calls fail with {@code UNAVAILABLE}). */
  public void forget(PeerId peer) {
    Entry e = channels.remove(peer);
    if (e != null) {
      e.channel.shutdownNow();
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
