package io.ipfscluster.rest;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An in-memory cluster of one peer, with failures on demand: {@link #failNext} makes the next call
 * throw, {@link #failStreamsAfter} makes streams throw after some items, {@link #pinSource}
 * replaces the pinset listing (for large generated pinsets). Remembers the last options and path it
 * was given. Thread-safe.
 */
final class FakeCluster implements Cluster {
  static final PeerId SELF = PeerId.parse("12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M");
  static final PeerId OTHER = PeerId.parse("QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc");
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  final Map<Cid, Pin> pinset = new ConcurrentSkipListMap<>();
  final AtomicReference<PinOptions> lastOptions = new AtomicReference<>();
  final AtomicReference<String> lastPath = new AtomicReference<>();
  private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();
  private volatile int streamFailAfter = -1;
  private volatile String streamFailure;
  private volatile Supplier<Stream<Pin>> pinSource;

  /** The next call throws {@code failure}. */
  void failNext(RuntimeException failure) {
    nextFailure.set(failure);
  }

  /** Every stream throws a {@link ClusterException} with {@code message} after {@code n} items. */
  void failStreamsAfter(int n, String message) {
    streamFailAfter = n;
    streamFailure = message;
  }

  /** {@link #pins} lists what {@code source} supplies instead of the pinset. */
  void pinSource(Supplier<Stream<Pin>> source) {
    pinSource = source;
  }

  void reset() {
    pinset.clear();
    nextFailure.set(null);
    streamFailAfter = -1;
    pinSource = null;
    lastOptions.set(null);
    lastPath.set(null);
  }

  private void maybeFail() {
    RuntimeException f = nextFailure.getAndSet(null);
    if (f != null) {
      throw f;
    }
  }

  private <T> Stream<T> failing(Stream<T> items) {
    int n = streamFailAfter;
    if (n < 0) {
      return items;
    }
    String message = streamFailure;
    Stream<T> head = items.limit(n);
    Stream<T> boom =
        Stream.<Supplier<T>>of(
                () -> {
                  throw new ClusterException(ClusterException.Kind.FAILED, message);
                })
            .map(Supplier::get);
    return Stream.concat(head, boom);
  }

  static PeerInfo peerInfo(PeerId id) {
    return new PeerInfo(
        id,
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/9096/p2p/" + id)),
        List.of(id),
        List.of(),
        "1.1.6",
        "",
        "/ipfscluster/1.0/rpc",
        "",
        new IpfsInfo(null, List.of(), ""),
        "peer-" + id.shortString());
  }

  @Override
  public PeerInfo id() {
    maybeFail();
    return peerInfo(SELF);
  }

  @Override
  public VersionInfo version() {
    maybeFail();
    return new VersionInfo("1.1.6");
  }

  @Override
  public Pin pin(Cid cid, PinOptions options) {
    maybeFail();
    lastOptions.set(options);
    Pin pin =
        new Pin(cid, PinType.DATA, List.of(SELF), options.mode().maxDepth(), null, NOW, options);
    pinset.put(cid, pin);
    return pin;
  }

  @Override
  public Pin pinPath(String path, PinOptions options) {
    maybeFail();
    lastPath.set(path);
    return pin(resolve(path), options);
  }

  private static Cid resolve(String path) {
    String[] parts = path.split("/");
    if (!parts[1].equals("ipfs")) {
      throw new ClusterException(ClusterException.Kind.FAILED, "cannot resolve " + path);
    }
    return Cid.parse(parts[2]);
  }

  @Override
  public Pin unpin(Cid cid) {
    maybeFail();
    Pin p = pinset.remove(cid);
    if (p == null) {
      throw ClusterException.notInPinset();
    }
    return p;
  }

  @Override
  public Pin unpinPath(String path) {
    maybeFail();
    lastPath.set(path);
    return unpin(resolve(path));
  }

  @Override
  public Pin pinGet(Cid cid) {
    maybeFail();
    Pin p = pinset.get(cid);
    if (p == null) {
      throw ClusterException.notInPinset();
    }
    return p;
  }

  @Override
  public Stream<Pin> pins(int typeMask) {
    maybeFail();
    Supplier<Stream<Pin>> source = pinSource;
    Stream<Pin> all = source != null ? source.get() : List.copyOf(pinset.values()).stream();
    return failing(all.filter(p -> p.type().matches(typeMask)));
  }

  @Override
  public Stream<PeerInfo> peers() {
    maybeFail();
    return failing(Stream.of(peerInfo(SELF), PeerInfo.unreachable(OTHER, "dial backoff")));
  }

  @Override
  public PeerInfo peerAdd(PeerId peer) {
    maybeFail();
    return peerInfo(peer);
  }

  @Override
  public void peerRemove(PeerId peer) {
    maybeFail();
    throw new ClusterException(
        ClusterException.Kind.FAILED, "crdt consensus component cannot remove peers");
  }

  private GlobalPinInfo statusOf(Pin pin, TrackerStatus status) {
    return GlobalPinInfo.of(PinInfo.of(pin, SELF, PinInfoShort.of("peer-a", status, NOW)));
  }

  @Override
  public Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    maybeFail();
    List<GlobalPinInfo> all = new ArrayList<>();
    for (Pin p : pinset.values()) {
      GlobalPinInfo g = statusOf(p, TrackerStatus.PINNED);
      if (g.matches(filter)) {
        all.add(g);
      }
    }
    return failing(all.stream());
  }

  @Override
  public GlobalPinInfo status(Cid cid, boolean local) {
    maybeFail();
    Pin p = pinset.get(cid);
    return p == null
        ? statusOf(Pin.of(cid), TrackerStatus.UNPINNED)
        : statusOf(p, TrackerStatus.PINNED);
  }

  @Override
  public Stream<GlobalPinInfo> recoverAll(boolean local) {
    maybeFail();
    return failing(pinset.values().stream().map(p -> statusOf(p, TrackerStatus.PIN_QUEUED)));
  }

  @Override
  public GlobalPinInfo recover(Cid cid, boolean local) {
    maybeFail();
    return statusOf(pinGet(cid), TrackerStatus.PIN_QUEUED);
  }

  @Override
  public GlobalRepoGc repoGc(boolean local) {
    maybeFail();
    return GlobalRepoGc.of(
        SELF,
        new RepoGc(
            SELF,
            "peer-a",
            List.of(RepoGcKey.removed(Cid.parse("QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq"))),
            ""));
  }

  @Override
  public List<Alert> alerts() {
    maybeFail();
    return List.of();
  }

  @Override
  public ConnectGraph connectGraph() {
    maybeFail();
    return ConnectGraph.empty(SELF);
  }

  @Override
  public Map<String, Bandwidth> bandwidthByProtocol() {
    maybeFail();
    Map<String, Bandwidth> m = new TreeMap<>();
    m.put("/ipfscluster/1.0/rpc", new Bandwidth(10, 20, 1.5, 0));
    return m;
  }

  @Override
  public List<String> metricNames() {
    maybeFail();
    return List.of("freespace", "ping");
  }

  @Override
  public List<Metric> metrics(String name) {
    maybeFail();
    return List.of(new Metric(name, SELF, "1000", 5, true, 1000, false, 4));
  }
}
