package io.ipfscluster.net.rpc;

import io.grpc.stub.StreamObserver;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.Int64;
import io.ipfscluster.net.rpc.wire.Json;
import io.ipfscluster.net.rpc.wire.JsonBatch;
import io.ipfscluster.net.rpc.wire.PinArg;
import io.ipfscluster.net.rpc.wire.PinTrackerGrpc;
import io.ipfscluster.net.rpc.wire.StatusFilterArg;
import io.ipfscluster.state.PinCodec;
import java.util.Objects;

/**
 * Serves this peer's {@link PinTracker} to other peers ({@code PinTracker.*} of spec §1.4). {@link
 * RemotePinTracker} is its other end. Thread-safe when the tracker is.
 */
public final class PinTrackerService extends PinTrackerGrpc.PinTrackerImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();

  private final PinTracker tracker;

  public PinTrackerService(PinTracker tracker) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
  }

  @Override
  public void track(PinArg request, StreamObserver<Empty> out) {
    ServerCalls.unary(
        out,
        () -> {
          tracker.track(PinCodec.decode(request.getPin().toByteArray()));
          return EMPTY;
        });
  }

  @Override
  public void untrack(CidArg request, StreamObserver<Empty> out) {
    ServerCalls.unary(
        out,
        () -> {
          tracker.untrack(Values.cid(request.getCid()));
          return EMPTY;
        });
  }

  @Override
  public void statusAll(StatusFilterArg request, StreamObserver<JsonBatch> out) {
    ServerCalls.stream(
        out, () -> Values.batches(tracker.statusAll(filter(request.getFilter()))), batch -> batch);
  }

  @Override
  public void status(CidArg request, StreamObserver<Json> out) {
    ServerCalls.unary(out, () -> Values.json(tracker.status(Values.cid(request.getCid()))));
  }

  @Override
  public void recoverAll(Empty request, StreamObserver<Json> out) {
    ServerCalls.stream(out, tracker::recoverAll, Values::json);
  }

  @Override
  public void recover(CidArg request, StreamObserver<Json> out) {
    ServerCalls.unary(out, () -> Values.json(tracker.recover(Values.cid(request.getCid()))));
  }

  @Override
  public void pinQueueSize(Empty request, StreamObserver<Int64> out) {
    ServerCalls.unary(out, () -> Int64.newBuilder().setValue(tracker.pinQueueSize()).build());
  }

  static StatusFilter filter(String text) {
    return text.isEmpty()
        ? StatusFilter.ALL
        : StatusFilter.parse(text)
            .orElseThrow(() -> new IllegalArgumentException("invalid status filter: " + text));
  }

  /** Decodes a streamed status. */
  static PinInfo pinInfo(Json json) {
    return Values.fromJson(json, PinInfo.class);
  }
}
