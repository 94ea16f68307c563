package io.ipfscluster.net.rpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.ipfscluster.config.ConnectionManagerConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection manager's rule for the connections other peers open to this one: when an accepted
 * connection makes more than {@code high_water}, the least recently used ones (by the last bytes
 * read from them) are closed until {@code low_water} remain, sparing those accepted less than
 * {@code grace_period} ago. A flood of connections, authenticated or not, so costs this peer at
 * most {@code high_water} sockets plus those still in their grace period; a trimmed peer dials
 * again when it next calls.
 *
 * <p>Thread-safe.
 */
final class InboundConnections {
  private static final Logger LOG = LoggerFactory.getLogger(InboundConnections.class);

  private final ConnectionManagerConfig config;
  private final String logId;
  private final LongSupplier nanoClock;
  private final Map<Channel, Use> open = new ConcurrentHashMap<>();

  /** When a connection was accepted and last read from (nanoClock readings). */
  private static final class Use {
    final long accepted;
    volatile long read;

    Use(long now) {
      this.accepted = now;
      this.read = now;
    }
  }

  InboundConnections(ConnectionManagerConfig config, String logId, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.logId = Objects.requireNonNull(logId, "logId");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** The server socket channel to give the gRPC server: it reports every connection it accepts. */
  NioServerSocketChannel serverChannel() {
    return new NioServerSocketChannel() {
      @Override
      protected int doReadMessages(List<Object> accepted) throws Exception {
        int before = accepted.size();
        int n = super.doReadMessages(accepted);
        for (Object o : accepted.subList(before, accepted.size())) {
          if (o instanceof Channel child) {
            accepted(child);
          }
        }
        return n;
      }
    };
  }

  /** How many accepted connections are open. */
  int size() {
    return open.size();
  }

  /**
   * Watches {@code connection}, just accepted: it counts once active (registered with its event
   * loop, so that it can be closed), and every read marks it used.
   */
  private void accepted(Channel connection) {
    Use use = new Use(nanoClock.getAsLong());
    connection
        .pipeline()
        .addFirst(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                open.put(connection, use);
                if (open.size() > config.highWater()) {
                  trim();
                }
                ctx.fireChannelActive();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                open.remove(connection);
                ctx.fireChannelInactive();
              }

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                use.read = nanoClock.getAsLong();
                ctx.fireChannelRead(msg);
              }
            });
  }

  private synchronized void trim() {
    if (open.size() <= config.highWater()) {
      return;
    }
    long now = nanoClock.getAsLong();
    long grace = config.gracePeriod().toNanos();
    List<Map.Entry<Channel, Use>> idlest =
        open.entrySet().stream()
            .filter(e -> now - e.getValue().accepted >= grace)
            .sorted(Comparator.comparingLong(e -> e.getValue().read))
            .toList();
    int closed = 0;
    for (Map.Entry<Channel, Use> e : idlest) {
      if (open.size() - closed <= config.lowWater()) {
        break;
      }
      e.getKey().close();
      closed++;
    }
    LOG.info(
        "{} closed {} incoming peer connections beyond high_water {} (low_water {})",
        logId,
        closed,
        config.highWater(),
        config.lowWater());
  }
}
