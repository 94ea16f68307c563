package io.ipfscluster.bench;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A {@link Cluster} whose pinset is {@code size} generated pins, made as they are listed (as a
 * state iterator decodes them), each allocated to three peers. Only {@link #pins} and {@link
 * #version} answer; the rest is unsupported. Thread-safe.
 */
final class GeneratedPinset implements Cluster {
  private static final Instant ADDED = Instant.parse("2026-01-02T03:04:05Z");
  private final int size;
  private final List<PeerId> allocations;

  GeneratedPinset(int size) {
    this.size = size;
    this.allocations =
        List.of(
            PeerId.parse("12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M"),
            PeerId.parse("12D3KooWSeMEiFqDYYbYzU8rh6PGgGh9oKghGHVU9uekKugGRnss"),
            PeerId.parse("QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc"));
  }

  /** The {@code i}th pin: a CIDv0 of a digest holding {@code i}. */
  Pin pin(int i) {
    byte[] digest = ByteBuffer.allocate(32).putInt(0, 0x5eed).putInt(28, i).array();
    Cid cid = Cid.v0(Multihash.of(HashFunction.SHA2_256, digest));
    return new Pin(
        cid,
        PinType.DATA,
        allocations,
        -1,
        null,
        ADDED,
        PinOptions.defaults().withName("pin-" + i));
  }

  @Override
  public Stream<Pin> pins(int typeMask) {
    return IntStream.range(0, size).mapToObj(this::pin).filter(p -> p.type().matches(typeMask));
  }

  @Override
  public VersionInfo version() {
    return VersionInfo.current();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("the benchmark's cluster only lists pins");
  }

  @Override
  public PeerInfo id() {
    throw unsupported();
  }

  @Override
  public Pin pin(Cid cid, PinOptions options) {
    throw unsupported();
  }

  @Override
  public Pin pinPath(String path, PinOptions options) {
    throw unsupported();
  }

  @Override
  public Pin unpin(Cid cid) {
    throw unsupported();
  }

  @Override
  public Pin unpinPath(String path) {
    throw unsupported();
  }

  @Override
  public Pin pinGet(Cid cid) {
    throw unsupported();
  }

  @Override
  public Stream<PeerInfo> peers() {
    throw unsupported();
  }

  @Override
  public PeerInfo peerAdd(PeerId peer) {
    throw unsupported();
  }

  @Override
  public void peerRemove(PeerId peer) {
    throw unsupported();
  }

  @Override
  public Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    throw unsupported();
  }

  @Override
  public GlobalPinInfo status(Cid cid, boolean local) {
    throw unsupported();
  }

  @Override
  public Stream<GlobalPinInfo> recoverAll(boolean local) {
    throw unsupported();
  }

  @Override
  public GlobalPinInfo recover(Cid cid, boolean local) {
    throw unsupported();
  }

  @Override
  public GlobalRepoGc repoGc(boolean local) {
    throw unsupported();
  }

  @Override
  public List<Alert> alerts() {
    throw unsupported();
  }

  @Override
  public ConnectGraph connectGraph() {
    throw unsupported();
  }

  @Override
  public Map<String, Bandwidth> bandwidthByProtocol() {
    throw unsupported();
  }

  @Override
  public List<String> metricNames() {
    throw unsupported();
  }

  @Override
  public List<Metric> metrics(String name) {
    throw unsupported();
  }
}
