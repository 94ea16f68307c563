package io.ipfscluster.net.rpc;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelOutboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import io.grpc.netty.shaded.io.netty.channel.ConnectTimeoutException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Gives up a dialled connection whose TLS handshake has not completed {@code dial_peer_timeout}
 * after the dial began, as libp2p's dial timeout covers the secure handshake too: the TCP connect
 * timeout alone would let a peer that accepts connections and never answers hold each dial for
 * Netty's own handshake timeout. The first handler of each connection {@link PeerChannels} dials;
 * not thread-safe, one per connection (Netty calls it on the connection's event loop).
 */
final class DialDeadline extends ChannelOutboundHandlerAdapter {
  private final Duration timeout;

  DialDeadline(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise)
      throws Exception {
    ctx.executor().schedule(() -> expire(ctx, remote), timeout.toNanos(), TimeUnit.NANOSECONDS);
    super.connect(ctx, remote, local, promise);
  }

  private void expire(ChannelHandlerContext ctx, SocketAddress remote) {
    // A connection not active yet is the connect timeout's business (the same duration).
    if (!ctx.channel().isActive()) {
      return;
    }
    SslHandler tls = ctx.pipeline().get(SslHandler.class);
    if (tls != null && tls.handshakeFuture().isSuccess()) {
      return;
    }
    ctx.fireExceptionCaught(
        new ConnectTimeoutException(
            "TLS handshake timed out after "
                + timeout.toMillis()
                + " ms (dial_peer_timeout): "
                + remote));
    ctx.close();
  }
}
