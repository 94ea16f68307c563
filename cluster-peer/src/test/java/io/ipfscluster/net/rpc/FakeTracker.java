package io.ipfscluster.net.rpc;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A pin tracker for RPC tests: {@code statusAll} streams {@code size} pinned statuses (or without
 * end when {@code size} is negative), {@code status} of {@link #BLOCKING} waits until interrupted,
 * {@code recover} of {@link #MISSING} fails as "not in the pinset". Records what it was asked.
 */
final class FakeTracker implements PinTracker {
  static final Cid BLOCKING = cid(-1);
  static final Cid MISSING = cid(-2);

  final List<Pin> tracked = new CopyOnWriteArrayList<>();
  final CountDownLatch interrupted = new CountDownLatch(1);
  final CountDownLatch streamClosed = new CountDownLatch(1);
  final CountDownLatch blockingEntered = new CountDownLatch(1);
  private final PeerId self;
  private final int size;

  FakeTracker(PeerId self, int size) {
    this.self = self;
    this.size = size;
  }

  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  PinInfo info(Cid cid) {
    return PinInfo.of(
        Pin.of(cid), self, PinInfoShort.of("fake", TrackerStatus.PINNED, GoTime.ZERO));
  }

  @Override
  public void track(Pin pin) {
    tracked.add(pin);
  }

  @Override
  public void untrack(Cid cid) {}

  @Override
  public Stream<PinInfo> statusAll(StatusFilter filter) {
    IntStream numbers = size < 0 ? IntStream.iterate(0, i -> i + 1) : IntStream.range(0, size);
    return numbers.mapToObj(i -> info(cid(i))).onClose(streamClosed::countDown);
  }

  @Override
  public PinInfo status(Cid cid) {
    if (cid.equals(BLOCKING)) {
      blockingEntered.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new ClusterException(ClusterException.Kind.FAILED, "interrupted");
      }
    }
    return info(cid);
  }

  @Override
  public Stream<PinInfo> recoverAll() {
    return Stream.empty();
  }

  @Override
  public PinInfo recover(Cid cid) {
    if (cid.equals(MISSING)) {
      throw ClusterException.notInPinset();
    }
    return info(cid);
  }

  @Override
  public long pinQueueSize() {
    return 7;
  }

  @Override
  public void close() {}
}
