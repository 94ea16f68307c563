package io.ipfscluster.net.rpc;

import io.grpc.Channel;
import io.grpc.Status;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.PeerstoreGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Address exchange with another peer, the calling side of {@link PeerstoreService}. Failures are
 * {@link RemoteCallException}s. Thread-safe.
 */
public final class RemotePeerstore {
  private final PeerId peer;
  private final PeerstoreGrpc.PeerstoreBlockingStub stub;
  private final Duration callTimeout;

  public RemotePeerstore(Channel channel, PeerId peer, Duration callTimeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.stub = PeerstoreGrpc.newBlockingStub(channel);
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  /**
   * Sends this peer's own addresses and returns those the remote peer shares (with {@code /p2p/}).
   *
   * @throws RemoteCallException when the call fails or the answer holds a malformed address
   */
  public List<Multiaddr> exchange(List<Multiaddr> ownAddresses) {
    var answer =
        RemoteCalls.unary(
            peer,
            () ->
                stub.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .exchange(PeerstoreService.encode(ownAddresses)));
    try {
      return PeerstoreService.parse(answer);
    } catch (IllegalArgumentException e) {
      throw new RemoteCallException(
          peer,
          Status.Code.INTERNAL,
          "peer " + peer + " shared a malformed address: " + e.getMessage(),
          e);
    }
  }
}
