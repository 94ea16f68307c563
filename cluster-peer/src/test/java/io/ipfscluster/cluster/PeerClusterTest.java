package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.SELF;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a peer alone answers when its IPFS node is down: statuses, graph, metrics. */
class PeerClusterTest {
  static final String IPFS_DOWN = "could not get pinset from IPFS: connection refused";

  final MemoryConsensus consensus = new MemoryConsensus(List.of(SELF));
  final ResolvingIpfs ipfs = new ResolvingIpfs(Map.of()); // id, pin/ls, repo/stat all fail

  PeerCluster cluster() {
    return new PeerCluster(
        new PeerCluster.Self(SELF, "alpha", List.of()),
        -1,
        -1,
        false,
        new PeerCluster.Allocating(FixedMetrics.DEFAULT_ALLOCATE_BY, false, false),
        consensus,
        new CannotListTracker(),
        ipfs,
        InstantSource.fixed(NOW));
  }

  @Test
  void statusAll_trackerCannotList_globalGivesEachStatePinAClusterErrorWithTheError() {
    PeerCluster cluster = cluster();
    cluster.pin(cid("a"), PinOptions.defaults());
    cluster.pin(cid("b"), PinOptions.defaults());

    List<GlobalPinInfo> all =
        cluster.statusAll(StatusFilter.parse("").orElseThrow(), false).toList();

    assertThat(all).extracting(GlobalPinInfo::cid).containsExactlyInAnyOrder(cid("a"), cid("b"));
    for (GlobalPinInfo info : all) {
      PinInfoShort mine = info.peerMap().get(SELF);
      assertThat(mine.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
      assertThat(mine.error()).isEqualTo(IPFS_DOWN);
      assertThat(mine.peerName()).isEqualTo("alpha");
    }
  }

  @Test
  void statusAll_trackerCannotList_localFailsWithTheError() {
    PeerCluster cluster = cluster();
    cluster.pin(cid("a"), PinOptions.defaults());

    assertThatThrownBy(() -> cluster.statusAll(StatusFilter.parse("").orElseThrow(), true))
        .isInstanceOf(ClusterException.class)
        .hasMessage(IPFS_DOWN);
  }

  @Test
  void connectGraph_ipfsDown_hasThePeerAndItsTrust_butNoIpfsNode() {
    ConnectGraph graph = cluster().connectGraph();

    assertThat(graph.clusterId()).isEqualTo(SELF);
    assertThat(graph.idToPeername()).containsExactly(Map.entry(SELF, "alpha"));
    assertThat(graph.clusterLinks()).containsExactly(Map.entry(SELF, List.of()));
    assertThat(graph.clusterTrustLinks()).containsExactly(Map.entry(SELF, true));
    assertThat(graph.clusterToIpfs()).isEmpty();
    assertThat(graph.ipfsLinks()).isEmpty();
  }

  @Test
  void selfMetrics_ipfsDown_pingStillPublished_freespaceInvalidAndHidden() {
    PeerCluster cluster = cluster();
    SelfMetrics metrics =
        new SelfMetrics(
            SELF,
            "alpha",
            ipfs,
            new SelfMetrics.Settings(
                Duration.ofSeconds(15),
                Optional.of(Duration.ofSeconds(30)),
                "freespace",
                Optional.of(Duration.ofSeconds(30)),
                Map.of("group", "default")),
            InstantSource.fixed(NOW));
    cluster.showMetrics(metrics);

    metrics.ping();
    metrics.disk();
    metrics.tags();

    assertThat(cluster.metricNames()).containsExactly("freespace", "ping", "tag:group");
    assertThat(cluster.metrics("freespace")).isEmpty();
    Metric ping = cluster.metrics("ping").get(0);
    assertThat(ping.peer()).isEqualTo(SELF);
    assertThat(ping.value()).isEqualTo("{\"peer_name\":\"alpha\"}");
    assertThat(ping.expireInstant()).isEqualTo(NOW.plusSeconds(30));
    Metric tag = cluster.metrics("tag:group").get(0);
    assertThat(tag.value()).isEqualTo("default");
    assertThat(tag.partitionable()).isTrue();
  }

  @Test
  void pin_withFactors_allocatesByThePeersMetrics_validFreespaceNeeded() {
    PeerCluster cluster = cluster();
    SelfMetrics metrics =
        new SelfMetrics(
            SELF,
            "alpha",
            ipfs,
            new SelfMetrics.Settings(
                Duration.ofSeconds(15),
                Optional.of(Duration.ofSeconds(30)),
                "freespace",
                Optional.of(Duration.ofSeconds(30)),
                Map.of("group", "default")),
            InstantSource.fixed(NOW));
    cluster.showMetrics(metrics);
    metrics.tags();
    metrics.disk(); // IPFS is down: no valid freespace, so this peer is no candidate
    PinOptions once = PinOptions.defaults().withReplication(1, 1);

    assertThatThrownBy(() -> cluster.pin(cid("a"), once))
        .hasMessageContaining("Available candidates: 0.");

    ipfs.repoStat = new IpfsRepoStat(10, 1_000);
    metrics.disk();

    assertThat(cluster.pin(cid("a"), once).allocations()).containsExactly(SELF);
  }

  /** A tracker whose IPFS node cannot list its pins, as the stateless tracker then fails. */
  private static final class CannotListTracker implements PinTracker {
    @Override
    public void track(Pin pin) {}

    @Override
    public void untrack(Cid cid) {}

    @Override
    public Stream<PinInfo> statusAll(StatusFilter filter) {
      throw new ClusterException(ClusterException.Kind.FAILED, IPFS_DOWN);
    }

    @Override
    public PinInfo status(Cid cid) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Stream<PinInfo> recoverAll() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PinInfo recover(Cid cid) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long pinQueueSize() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
