package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.PinArg;
import io.ipfscluster.net.rpc.wire.PinTrackerGrpc;
import io.ipfscluster.net.rpc.wire.StatusFilterArg;
import io.ipfscluster.state.PinCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@link PinTracker} of another peer, called over the peer RPC. Unary calls time out after the
 * call timeout; streams have no deadline of their own (close them to cancel) but keep the deadline
 * of the served call they run in, if any. Failures are {@link RemoteCallException}s with the remote
 * message, including {@code PERMISSION_DENIED} for the methods the remote policy closes to this
 * peer ({@code Track}, {@code Untrack}, {@code RecoverAll}, {@code PinQueueSize} by default).
 *
 * <p>Thread-safe. {@link #close} does nothing: the channel belongs to {@link PeerChannels}.
 */
public final class RemotePinTracker implements PinTracker {
  private final PeerId peer;
  private final PinTrackerGrpc.PinTrackerBlockingStub stub;
  private final Duration callTimeout;

  public RemotePinTracker(Channel channel, PeerId peer, Duration callTimeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.stub = PinTrackerGrpc.newBlockingStub(channel);
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  private PinTrackerGrpc.PinTrackerBlockingStub timed() {
    return stub.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The peer whose tracker this is. */
  public PeerId peer() {
    return peer;
  }

  @Override
  public void track(Pin pin) {
    PinArg arg = PinArg.newBuilder().setPin(ByteString.copyFrom(PinCodec.encode(pin))).build();
    RemoteCalls.unary(peer, () -> timed().track(arg));
  }

  @Override
  public void untrack(Cid cid) {
    RemoteCalls.unary(peer, () -> timed().untrack(Values.cid(cid)));
  }

  @Override
  public Stream<PinInfo> statusAll(StatusFilter filter) {
    StatusFilterArg arg = StatusFilterArg.newBuilder().setFilter(filter.toString()).build();
    return RemoteCalls.stream(peer, () -> stub.statusAll(arg), batch -> batch)
        .flatMap(batch -> Values.fromBatch(batch, PinInfo.class));
  }

  @Override
  public PinInfo status(Cid cid) {
    return PinTrackerService.pinInfo(
        RemoteCalls.unary(peer, () -> timed().status(Values.cid(cid))));
  }

  @Override
  public Stream<PinInfo> recoverAll() {
    return RemoteCalls.stream(
        peer, () -> stub.recoverAll(Empty.getDefaultInstance()), PinTrackerService::pinInfo);
  }

  @Override
  public PinInfo recover(Cid cid) {
    return PinTrackerService.pinInfo(
        RemoteCalls.unary(peer, () -> timed().recover(Values.cid(cid))));
  }

  @Override
  public long pinQueueSize() {
    return RemoteCalls.unary(peer, () -> timed().pinQueueSize(Empty.getDefaultInstance()))
        .getValue();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "RemotePinTracker[" + peer + "]";
  }
}
