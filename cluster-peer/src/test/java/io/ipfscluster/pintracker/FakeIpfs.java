package io.ipfscluster.pintracker;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * An in-memory IPFS node for tracker tests: pins in a map, a switch that makes every call fail as
 * an unreachable node does, per-CID pin failures, and gates that hold pin or unpin calls until
 * released (a slow or hanging node) while counting calls in flight. A held call that is interrupted
 * ends with an {@link IpfsException}, as the HTTP connector's does.
 */
final class FakeIpfs implements IpfsConnector {
  static final String DOWN =
      "IPFS request failed (is it running?) Post \"http://127.0.0.1:5001/api/v0/pin/add\": dial"
          + " tcp 127.0.0.1:5001: connect: connection refused";

  final PeerId id;
  final List<Multiaddr> addresses;
  private final Map<Cid, IpfsPinStatus> pins = new ConcurrentHashMap<>();
  private final Map<Cid, String> pinFailures = new ConcurrentHashMap<>();
  private volatile boolean down;
  private volatile CountDownLatch pinGate = new CountDownLatch(0);
  private volatile CountDownLatch unpinGate = new CountDownLatch(0);

  final AtomicInteger pinsInFlight = new AtomicInteger();
  final AtomicInteger maxPinsInFlight = new AtomicInteger();
  final AtomicInteger unpinsInFlight = new AtomicInteger();
  final AtomicInteger interruptedCalls = new AtomicInteger();
  final AtomicInteger pinCalls = new AtomicInteger();
  final AtomicInteger unpinCalls = new AtomicInteger();
  final AtomicInteger pinLsCalls = new AtomicInteger();
  final List<Cid> pinStarts = Collections.synchronizedList(new ArrayList<>());
  final List<Pin> pinned = Collections.synchronizedList(new ArrayList<>());
  volatile Set<String> lastPinLsTypes;

  FakeIpfs(PeerId id, List<Multiaddr> addresses) {
    this.id = id;
    this.addresses = addresses;
  }

  void setDown(boolean value) {
    down = value;
  }

  void failPins(Cid cid, String error) {
    pinFailures.put(cid, error);
  }

  /** Pin calls from now on wait until {@link #releasePins()}. */
  void holdPins() {
    pinGate = new CountDownLatch(1);
  }

  void releasePins() {
    pinGate.countDown();
  }

  void holdUnpins() {
    unpinGate = new CountDownLatch(1);
  }

  void releaseUnpins() {
    unpinGate.countDown();
  }

  /** Pins {@code cid} as if someone did it outside the cluster. */
  void pinDirectly(Cid cid, IpfsPinStatus how) {
    pins.put(cid, how);
  }

  boolean isPinned(Cid cid) {
    IpfsPinStatus s = pins.get(cid);
    return s == IpfsPinStatus.RECURSIVE || s == IpfsPinStatus.DIRECT;
  }

  private void checkUp() {
    if (down) {
      throw new IpfsException(DOWN);
    }
  }

  private void pass(CountDownLatch gate) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      interruptedCalls.incrementAndGet();
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request failed: interrupted", e);
    }
  }

  @Override
  public boolean ready() {
    return !down;
  }

  @Override
  public IpfsInfo id() {
    checkUp();
    return new IpfsInfo(id, addresses, "");
  }

  @Override
  public void pin(Pin pin) {
    checkUp();
    pinCalls.incrementAndGet();
    int now = pinsInFlight.incrementAndGet();
    maxPinsInFlight.accumulateAndGet(now, Math::max);
    pinStarts.add(pin.cid());
    try {
      pass(pinGate);
      String failure = pinFailures.get(pin.cid());
      if (failure != null) {
        throw new IpfsException(failure);
      }
      pins.put(pin.cid(), pin.maxDepth() == 0 ? IpfsPinStatus.DIRECT : IpfsPinStatus.RECURSIVE);
      pinned.add(pin);
    } finally {
      pinsInFlight.decrementAndGet();
    }
  }

  @Override
  public void unpin(Cid cid) {
    checkUp();
    unpinCalls.incrementAndGet();
    unpinsInFlight.incrementAndGet();
    try {
      pass(unpinGate);
      pins.remove(cid);
    } finally {
      unpinsInFlight.decrementAndGet();
    }
  }

  @Override
  public IpfsPinStatus pinLsCid(Pin pin) {
    checkUp();
    return pins.getOrDefault(pin.cid(), IpfsPinStatus.UNPINNED);
  }

  @Override
  public Stream<IpfsPinInfo> pinLs(Set<String> types) {
    checkUp();
    pinLsCalls.incrementAndGet();
    lastPinLsTypes = types;
    return pins.entrySet().stream()
        .filter(e -> types.contains("all") || types.contains(e.getValue().jsonName()))
        .map(e -> new IpfsPinInfo(e.getKey(), e.getValue()));
  }

  @Override
  public void connectSwarms(List<Multiaddr> addrs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PeerId> swarmPeers() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object configKey(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public IpfsRepoStat repoStat() {
    throw new UnsupportedOperationException();
  }

  @Override
  public RepoGc repoGc() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Cid resolve(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void blockStream(Iterator<Block> blocks) {
    throw new UnsupportedOperationException();
  }

  @Override
  public byte[] blockGet(Cid cid) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
