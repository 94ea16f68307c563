package io.ipfscluster.net.rpc;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A cluster that only knows who it is and its peers, what {@code Cluster.ID/Peers} serve; it
 * records the peers {@code Cluster.PeerAdd} adds, and answers the local recover-all (one failed pin
 * re-queued, {@link #RECOVERED}) and garbage collection (one block removed, {@link #COLLECTED}).
 */
final class IdentityCluster implements Cluster {
  private final PeerInfo self;
  private final List<PeerInfo> peers;

  /** The peers {@link #peerAdd} added, in order. */
  final List<PeerId> added = new CopyOnWriteArrayList<>();

  IdentityCluster(PeerId id, List<PeerId> peers) {
    this.self = info(id);
    this.peers = peers.stream().map(IdentityCluster::info).toList();
  }

  static PeerInfo info(PeerId id) {
    return new PeerInfo(
        id, List.of(), List.of(), List.of(), "1.1.6", "", "", "", null, "peer-" + id);
  }

  @Override
  public PeerInfo id() {
    return self;
  }

  @Override
  public VersionInfo version() {
    return new VersionInfo("1.1.6");
  }

  @Override
  public Stream<PeerInfo> peers() {
    return peers.stream();
  }

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("not used by the RPC tests");
  }

  @Override
  public Pin pin(Cid cid, PinOptions options) {
    throw unused();
  }

  @Override
  public Pin pinPath(String path, PinOptions options) {
    throw unused();
  }

  @Override
  public Pin unpin(Cid cid) {
    throw unused();
  }

  @Override
  public Pin unpinPath(String path) {
    throw unused();
  }

  @Override
  public Pin pinGet(Cid cid) {
    throw unused();
  }

  @Override
  public Stream<Pin> pins(int typeMask) {
    throw unused();
  }

  @Override
  public PeerInfo peerAdd(PeerId peer) {
    added.add(peer);
    return info(peer);
  }

  @Override
  public void peerRemove(PeerId peer) {
    throw unused();
  }

  @Override
  public Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    throw unused();
  }

  @Override
  public GlobalPinInfo status(Cid cid, boolean local) {
    throw unused();
  }

  /** The CID the local recover-all re-queues. */
  static final Cid RECOVERED =
      Cid.parse("bafkreiax5nyags23oeeskiorqtc6pmdj2r66mv7fdlxsxyi2adarka3jim");

  /** The block the local garbage collection removes. */
  static final Cid COLLECTED = Cid.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");

  @Override
  public Stream<GlobalPinInfo> recoverAll(boolean local) {
    if (!local) {
      throw unused();
    }
    return Stream.of(
        GlobalPinInfo.of(
            new PinInfo(
                RECOVERED,
                "recovered",
                self.id(),
                List.of(self.id()),
                null,
                null,
                null,
                PinInfoShort.of(self.peername(), TrackerStatus.PIN_QUEUED, Instant.EPOCH))));
  }

  @Override
  public GlobalPinInfo recover(Cid cid, boolean local) {
    throw unused();
  }

  @Override
  public GlobalRepoGc repoGc(boolean local) {
    if (!local) {
      throw unused();
    }
    return GlobalRepoGc.of(
        self.id(),
        new RepoGc(self.id(), self.peername(), List.of(new RepoGcKey(COLLECTED, "")), ""));
  }

  @Override
  public List<Alert> alerts() {
    throw unused();
  }

  @Override
  public ConnectGraph connectGraph() {
    throw unused();
  }

  @Override
  public Map<String, Bandwidth> bandwidthByProtocol() {
    throw unused();
  }

  @Override
  public List<String> metricNames() {
    throw unused();
  }

  @Override
  public List<Metric> metrics(String name) {
    throw unused();
  }
}
