package io.ipfscluster.net.rpc;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.ipfscluster.multiformats.PeerId;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Gives a peer's channel every address known for the peer, best first, as one group: gRPC's
 * pick-first policy then tries them in turn, and asks again ({@link #refresh}) after a connection
 * fails, so addresses learned since (a peer that came back on another port) are used. Looking up
 * runs on the channel's offload executor, since it may resolve DNS names.
 *
 * <p>Thread-safe as gRPC uses it: calls arrive on the channel's synchronization context.
 */
final class PeerAddressResolver extends NameResolver {
  private final PeerId peer;
  private final Function<PeerId, List<InetSocketAddress>> addresses;
  private final Executor offload;
  private Listener2 listener;

  private PeerAddressResolver(
      PeerId peer, Function<PeerId, List<InetSocketAddress>> addresses, Executor offload) {
    this.peer = peer;
    this.addresses = addresses;
    this.offload = offload;
  }

  /** A factory of resolvers for the channel to {@code peer}. */
  static NameResolver.Factory factory(
      PeerId peer, Function<PeerId, List<InetSocketAddress>> addresses) {
    return new NameResolver.Factory() {
      @Override
      public NameResolver newNameResolver(URI target, Args args) {
        Executor offload = args.getOffloadExecutor();
        return new PeerAddressResolver(peer, addresses, offload == null ? Runnable::run : offload);
      }

      @Override
      public String getDefaultScheme() {
        return SCHEME;
      }
    };
  }

  /** The target scheme of peer channels: {@code peer:///<peer ID>}. */
  static final String SCHEME = "peer";

  @Override
  public String getServiceAuthority() {
    return peer.toString();
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    resolve();
  }

  @Override
  public void refresh() {
    resolve();
  }

  private void resolve() {
    Listener2 l = listener;
    offload.execute(
        () -> {
          List<InetSocketAddress> found;
          try {
            found = addresses.apply(peer);
          } catch (RuntimeException e) {
            l.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e));
            return;
          }
          if (found.isEmpty()) {
            l.onError(Status.UNAVAILABLE.withDescription("no address known for peer " + peer));
            return;
          }
          List<SocketAddress> group = List.copyOf(found);
          l.onResult(
              ResolutionResult.newBuilder()
                  .setAddresses(List.of(new EquivalentAddressGroup(group)))
                  .build());
        });
  }

  @Override
  public void shutdown() {}
}
