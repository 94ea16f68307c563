package io.ipfscluster.net.rpc;

import io.grpc.stub.StreamObserver;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.Addresses;
import io.ipfscluster.net.rpc.wire.PeerstoreGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Serves address exchange ({@code Peerstore.Exchange}): the addresses the caller shares (its own
 * and those of peers it knows) go to {@link Exchange#exchange}, which answers with the addresses
 * this peer shares. {@link RemotePeerstore} is its other end. Addresses are parsed here; a
 * malformed one fails the call with {@code INVALID_ARGUMENT}. Thread-safe when the exchange is.
 */
public final class PeerstoreService extends PeerstoreGrpc.PeerstoreImplBase {
  /** At most this many addresses travel in one message, either way. */
  public static final int MAX_ADDRESSES = 4096;

  /** What this peer does with a caller's addresses and what it answers. */
  @FunctionalInterface
  public interface Exchange {
    /**
     * Records the addresses {@code caller} (authenticated) shared, and returns the addresses to
     * share with it, each with its {@code /p2p/} part.
     */
    List<Multiaddr> exchange(PeerId caller, List<Multiaddr> addresses);
  }

  private final Exchange exchange;

  public PeerstoreService(Exchange exchange) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
  }

  @Override
  public void exchange(Addresses request, StreamObserver<Addresses> out) {
    ServerCalls.unary(
        out,
        () -> {
          PeerId caller = PeerRpcServer.caller().orElseThrow();
          List<Multiaddr> addresses = new ArrayList<>();
          for (Multiaddr a : parse(request)) {
            // An address without a peer ID is the caller's own.
            addresses.add(a.peerId().isPresent() ? a : a.withPeerId(caller));
          }
          return encode(exchange.exchange(caller, addresses));
        });
  }

  static Addresses encode(List<Multiaddr> addrs) {
    Addresses.Builder b = Addresses.newBuilder();
    addrs.stream().limit(MAX_ADDRESSES).forEach(a -> b.addAddrs(a.toString()));
    return b.build();
  }

  /**
   * @throws IllegalArgumentException naming the first malformed address
   */
  static List<Multiaddr> parse(Addresses message) {
    List<Multiaddr> out = new ArrayList<>();
    for (String s :
        message.getAddrsList().subList(0, Math.min(message.getAddrsCount(), MAX_ADDRESSES))) {
      out.add(Multiaddr.parse(s));
    }
    return out;
  }
}
