package io.ipfscluster.cluster;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ClusterVersion;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The {@link Cluster} use cases served by this peer's own components: consensus for the pinset, the
 * pin tracker for statuses, the IPFS connector for paths and garbage collection.
 *
 * <p>Other peers are reached through {@link OtherPeers} once the composition root hands it over:
 * the peer list, {@code peerAdd}, the connectivity graph, and statuses, recovery and garbage
 * collection unless asked for this peer only ({@code local}). Metrics and alerts are those of the
 * {@link PeerMetrics} shown: the peer monitor's (every peer's) once the composition root hands it
 * over. Thread-safe.
 */
public final class PeerCluster implements Cluster {
  /** The peer-to-peer RPC protocol the original names in its ID. */
  static final String RPC_PROTOCOL = "/ipfscluster/1.0/rpc";

  /** Runs the calls of fan-outs to other peers, one virtual thread each. */
  private static final Executor FAN_OUT = task -> Thread.ofVirtual().name("fan-out").start(task);

  /** What the use cases need to know about this peer. */
  public record Self(PeerId id, String peername, List<Multiaddr> addresses) {
    public Self {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * How this peer allocates pins (spec §8.1).
   *
   * @param allocateBy {@code allocator.balanced.allocate_by}
   * @param pinOnlyOnTrustedPeers {@code cluster.pin_only_on_trusted_peers}
   * @param pinOnlyOnUntrustedPeers {@code cluster.pin_only_on_untrusted_peers}
   */
  public record Allocating(
      List<String> allocateBy, boolean pinOnlyOnTrustedPeers, boolean pinOnlyOnUntrustedPeers) {
    public Allocating {
      allocateBy = List.copyOf(allocateBy);
    }
  }

  private final Self self;
  private final Consensus consensus;
  private final IpfsConnector ipfs;
  private final Pinning pinning;
  private final Statuses statuses;
  private final GarbageCollection gc;
  private final Adding adding;
  private volatile PeerMetrics shownMetrics;
  private volatile OtherPeers others = OtherPeers.NONE;
  private volatile Repinning repinning;

  /**
   * @param self this peer
   * @param replicationMin the cluster's default {@code replication_factor_min}
   * @param replicationMax the cluster's default {@code replication_factor_max}
   * @param followerMode whether writes are refused ({@code follower_mode})
   * @param allocating how pins are allocated, by the metrics of {@link #metrics}
   */
  public PeerCluster(
      Self self,
      int replicationMin,
      int replicationMax,
      boolean followerMode,
      Allocating allocating,
      Consensus consensus,
      PinTracker tracker,
      IpfsConnector ipfs,
      InstantSource clock) {
    this.self = self;
    this.consensus = consensus;
    this.ipfs = ipfs;
    Allocation allocation =
        new Allocation(
            new BalancedAllocator(allocating.allocateBy()),
            this::metrics,
            consensus::peers,
            Allocation.trustFilter(
                allocating.pinOnlyOnTrustedPeers(),
                allocating.pinOnlyOnUntrustedPeers(),
                consensus::isTrustedPeer),
            clock,
            self.id().shortString());
    this.pinning =
        new Pinning(
            new Pinning.Settings(replicationMin, replicationMax, followerMode),
            consensus,
            ipfs,
            allocation,
            clock);
    PeerIdentities identities = new PeerIdentities(self.id(), self.peername(), this::lastPing);
    this.statuses =
        new Statuses(
            tracker, consensus, self.id(), followerMode, clock, () -> others, identities, FAN_OUT);
    this.gc =
        new GarbageCollection(
            self.id(), self.peername(), consensus, ipfs, () -> others, identities, FAN_OUT);
    this.adding = new Adding(self.id(), pinning, this::streamBlocks);
  }

  /** Adding content ({@code POST /add}) with this peer's pinning rules. */
  public Adding adding() {
    return adding;
  }

  /** Blocks of an add go to this peer's IPFS node, or to another peer's through the network. */
  private void streamBlocks(PeerId peer, Iterator<Block> blocks) {
    if (peer.equals(self.id())) {
      ipfs.blockStream(blocks);
    } else {
      others.blockStream(peer, blocks);
    }
  }

  @Override
  public PeerInfo id() {
    IpfsInfo ipfsInfo;
    try {
      ipfsInfo = ipfs.id();
    } catch (RuntimeException e) {
      ipfsInfo = IpfsInfo.failed(e.getMessage());
    }
    List<Multiaddr> announced = others.addresses(self.id());
    List<Multiaddr> addrs =
        (announced.isEmpty() ? self.addresses() : announced)
            .stream().map(a -> a.withPeerId(self.id())).toList();
    List<PeerId> members = consensus.peers();
    List<Multiaddr> memberAddrs =
        members.stream()
            .filter(p -> !p.equals(self.id()))
            .flatMap(p -> others.addresses(p).stream())
            .toList();
    return new PeerInfo(
        self.id(),
        addrs,
        members,
        memberAddrs,
        ClusterVersion.current(),
        "",
        RPC_PROTOCOL,
        "",
        ipfsInfo,
        self.peername());
  }

  /** Unpins expired pins; the pin tracker runs this every {@code state_sync_interval}. */
  public int unpinExpired() {
    List<PeerId> trusted = consensus.peers().stream().filter(consensus::isTrustedPeer).toList();
    return pinning.unpinExpired(cid -> Closeness.isClosest(self.id(), cid, trusted));
  }

  @Override
  public VersionInfo version() {
    return VersionInfo.current();
  }

  @Override
  public Pin pin(Cid cid, PinOptions options) {
    return pinning.pin(cid, options);
  }

  @Override
  public Pin pinPath(String path, PinOptions options) {
    return pinning.pinPath(path, options);
  }

  @Override
  public Pin unpin(Cid cid) {
    return pinning.unpin(cid);
  }

  @Override
  public Pin unpinPath(String path) {
    return pinning.unpinPath(path);
  }

  @Override
  public Pin pinGet(Cid cid) {
    return consensus.state().get(cid).orElseThrow(ClusterException::notInPinset);
  }

  @Override
  public Stream<Pin> pins(int typeMask) {
    return consensus.state().list(typeMask);
  }

  /**
   * The ID of every consensus peer, asked of all of them at once; a peer that cannot be asked is an
   * entry with its {@code error}. In the order of {@link Consensus#peers}.
   */
  @Override
  public Stream<PeerInfo> peers() {
    List<PeerId> members = consensus.peers();
    List<CompletableFuture<PeerInfo>> answers =
        members.stream().map(p -> CompletableFuture.supplyAsync(() -> idOf(p), FAN_OUT)).toList();
    return answers.stream().map(CompletableFuture::join);
  }

  /** This peer's ID, or what another peer says, or the failure to ask it. */
  private PeerInfo idOf(PeerId peer) {
    if (peer.equals(self.id())) {
      return id();
    }
    try {
      return others.id(peer);
    } catch (RuntimeException e) {
      return PeerInfo.unreachable(peer, e.getMessage());
    }
  }

  /**
   * Adds {@code peer} to the consensus peerset and returns its ID (with {@code error} when it
   * cannot be asked), as the original's {@code PeerAdd}.
   */
  @Override
  public PeerInfo peerAdd(PeerId peer) {
    consensus.addPeer(peer);
    return idOf(peer);
  }

  /**
   * Removes {@code peer} from the consensus. With CRDT the removal is replicated: every peer, this
   * one included, then hears of it and moves the peer's pins ({@link #peerRemoved}).
   */
  @Override
  public void peerRemove(PeerId peer) {
    consensus.removePeer(peer);
  }

  @Override
  public Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    return statuses.statusAll(filter, local);
  }

  @Override
  public GlobalPinInfo status(Cid cid, boolean local) {
    return statuses.status(cid, local);
  }

  @Override
  public Stream<GlobalPinInfo> recoverAll(boolean local) {
    return statuses.recoverAll(local);
  }

  @Override
  public GlobalPinInfo recover(Cid cid, boolean local) {
    return statuses.recover(cid, local);
  }

  @Override
  public GlobalRepoGc repoGc(boolean local) {
    return gc.run(local);
  }

  /**
   * The latest ping metric of {@code peer} among the metrics shown (the peer monitor's), else the
   * one the peer network knows.
   */
  private Optional<Metric> lastPing(PeerId peer) {
    Optional<Metric> shown =
        metrics("ping").stream().filter(m -> peer.equals(m.peer())).findFirst();
    return shown.isPresent() ? shown : others.lastPing(peer);
  }

  @Override
  public List<Alert> alerts() {
    PeerMetrics m = shownMetrics;
    return m == null ? List.of() : m.alerts();
  }

  /**
   * The connectivity graph as the original draws it: every consensus peer that answers for its ID,
   * with its name, the cluster peers it sees, its IPFS node and that node's swarm peers (none when
   * they cannot be listed), and whether consensus trusts each member. A peer that does not answer
   * appears only in the trust links.
   */
  @Override
  public ConnectGraph connectGraph() {
    SortedMap<PeerId, Boolean> trust = new TreeMap<>();
    SortedMap<PeerId, String> names = new TreeMap<>();
    SortedMap<PeerId, List<PeerId>> clusterLinks = new TreeMap<>();
    SortedMap<PeerId, List<PeerId>> ipfsLinks = new TreeMap<>();
    SortedMap<PeerId, PeerId> clusterToIpfs = new TreeMap<>();
    List<PeerInfo> infos;
    try (Stream<PeerInfo> s = peers()) {
      infos = s.toList();
    }
    for (PeerInfo info : infos) {
      PeerId p = info.id();
      trust.put(p, consensus.isTrustedPeer(p));
      if (!info.error().isEmpty()) {
        continue;
      }
      names.put(p, info.peername());
      clusterLinks.put(p, info.clusterPeers().stream().filter(q -> !q.equals(p)).toList());
      IpfsInfo node = info.ipfs();
      if (node.error().isEmpty() && node.id() != null) {
        clusterToIpfs.put(p, node.id());
        ipfsLinks.put(node.id(), swarmPeersOf(p));
      }
    }
    return new ConnectGraph(self.id(), names, ipfsLinks, clusterLinks, trust, clusterToIpfs);
  }

  /**
   * The swarm peers of {@code peer}'s IPFS node; none when they cannot be listed (as the original).
   */
  private List<PeerId> swarmPeersOf(PeerId peer) {
    try {
      return peer.equals(self.id()) ? ipfs.swarmPeers() : others.ipfsSwarmPeers(peer);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public Map<String, Bandwidth> bandwidthByProtocol() {
    return Map.of(); // no peer network yet, so no traffic
  }

  /**
   * Reaches other peers through {@code network}: the composition root calls this once, before the
   * APIs start. Without it this peer is alone.
   */
  public void useNetwork(OtherPeers network) {
    this.others = network;
  }

  /**
   * Moves pins away from peers reported down ({@link #peerDown}), with {@code timer} pacing the
   * work: the composition root calls this once. Close what it returns when the peer stops.
   */
  public Repinning useRepinning(Repinning.Settings settings, ScheduledExecutorService timer) {
    Repinning r = new Repinning(self.id(), consensus, pinning, settings, timer);
    this.repinning = r;
    return r;
  }

  /**
   * {@code peer} stopped answering (its {@code ping} metric expired): its pins move to other peers
   * after the grace period, unless {@link #peerUp} comes first.
   */
  public void peerDown(PeerId peer) {
    Repinning r = repinning;
    if (r != null) {
      r.peerDown(peer);
    }
  }

  /**
   * {@code peer} was removed from the cluster ({@link #peerRemove}, here or on another peer): its
   * pins move to other peers now, for good.
   */
  public void peerRemoved(PeerId peer) {
    Repinning r = repinning;
    if (r != null) {
      r.peerRemoved(peer);
    }
  }

  /** {@code peer} answers again: its pins that have not moved yet stay. */
  public void peerUp(PeerId peer) {
    Repinning r = repinning;
    if (r != null) {
      r.peerUp(peer);
    }
  }

  /**
   * Shows {@code metrics} in {@code GET /monitor/metrics} and {@code GET /health/alerts}: the
   * composition root calls this before the APIs start. Without it there are no metrics.
   */
  public void showMetrics(PeerMetrics metrics) {
    this.shownMetrics = metrics;
  }

  @Override
  public List<String> metricNames() {
    PeerMetrics m = shownMetrics;
    return m == null ? List.of() : m.metricNames();
  }

  /** The latest valid metric named {@code name} of every peer that has one. */
  @Override
  public List<Metric> metrics(String name) {
    PeerMetrics m = shownMetrics;
    return m == null ? List.of() : m.latest(name);
  }
}
