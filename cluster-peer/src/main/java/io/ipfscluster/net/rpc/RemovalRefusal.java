package io.ipfscluster.net.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import io.ipfscluster.net.rpc.wire.Empty;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a peer learns that the others removed it from the cluster when it cannot hear it on gossip
 * any more (it was offline during the removal and the others have blocked it since): they refuse
 * its calls with a distinctive {@code PERMISSION_DENIED} ({@link #describe}) but let it make one,
 * {@code Consensus.RemovalRecord}, which returns the signed CRDT block holding the record of its
 * removal.
 *
 * <p>The refusal proves nothing (any member of the cluster could send it): the removed peer only
 * notices it ({@link #watcher}) and fetches the block ({@link #fetch}), which it then verifies and
 * merges through its consensus like any other block, so that it acts only on a record signed by a
 * peer it trusts.
 *
 * <p>Thread-safe: stateless.
 */
public final class RemovalRefusal {
  /** The one method a removed peer may still call. */
  static final String METHOD = "Consensus.RemovalRecord";

  private static final String SUFFIX = " was removed from the cluster: only its removal record";

  private RemovalRefusal() {}

  /** The description of the refusal of a call of {@code peer}, removed from the cluster. */
  static String describe(PeerId peer) {
    return "peer " + peer + SUFFIX + " is served to it";
  }

  /** Whether {@code status} is the refusal of a peer that claims this peer was removed. */
  static boolean isRefusal(Status status) {
    return status.getCode() == Status.Code.PERMISSION_DENIED
        && status.getDescription() != null
        && status.getDescription().contains(SUFFIX);
  }

  /**
   * A client interceptor for the channel to {@code peer} that calls {@code claimed} with that peer
   * when it refuses a call with {@link #describe}'s refusal. {@code claimed} runs on gRPC's thread
   * and must return quickly.
   */
  public static ClientInterceptor watcher(PeerId peer, Consumer<PeerId> claimed) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onClose(Status status, Metadata trailers) {
                    if (isRefusal(status)) {
                      claimed.accept(peer);
                    }
                    super.onClose(status, trailers);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  /**
   * Fetches from {@code peer} the block it says holds the record of this peer's removal. The block
   * is unverified: the caller checks it against its CID and its signature.
   *
   * @throws RemoteCallException when the peer has no such record or cannot be reached
   */
  public static Block fetch(Channel channel, PeerId peer, Duration callTimeout) {
    io.ipfscluster.net.rpc.wire.Block block =
        RemoteCalls.unary(
            peer,
            () ->
                ConsensusGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .removalRecord(Empty.getDefaultInstance()));
    return new Block(Values.cid(block.getCid()), block.getData().toByteArray());
  }
}
