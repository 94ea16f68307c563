package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import io.ipfscluster.client.ClientConfig;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer monitor across whole peers ({@link PeerHarness}) with short intervals: every peer's
 * metrics reach every peer through gossip, a stopped peer raises an alert once its ping expires,
 * and it leaves the CRDT peerset.
 */
@Timeout(180)
class PeerMonitorIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /** Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s. */
  private static final UnaryOperator<ServiceConfig> SHORT =
      c -> c.withEnvironment(PeerHarness.SHORT_METRICS);

  @TempDir Path root;

  private static List<PeerId> peersOf(List<Metric> metrics) {
    return metrics.stream().map(Metric::peer).toList();
  }

  @Test
  void monitorMetrics_threePeers_everyPeerListsTheMetricsOfAllThree() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < 3; i++) {
        ClusterPeer peer = h.peer(i);
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () -> {
                  assertThat(peersOf(peer.cluster().metrics("ping")))
                      .containsExactlyInAnyOrderElementsOf(ids);
                  assertThat(peersOf(peer.cluster().metrics("pinqueue")))
                      .containsExactlyInAnyOrderElementsOf(ids);
                });
      }

      // Through REST, as ipfs-cluster-ctl health metrics reads them.
      ClusterClient client =
          new ClusterClient(ClientConfig.defaults().withHosts(h.peer(1).restAddresses()));
      assertThat(client.metricNames()).contains("freespace", "ping", "pinqueue", "tag:group");
      List<Metric> pings = client.metrics("ping");
      assertThat(peersOf(pings)).containsExactlyInAnyOrderElementsOf(ids);
      Metric ofPeer2 = pings.stream().filter(m -> m.peer().equals(h.id(2))).findFirst().get();
      assertThat(ofPeer2.value()).contains("\"peer_name\":\"peer-2\"");
      assertThat(ofPeer2.valid()).isTrue();
      assertThat(client.alerts()).isEmpty();
      // The CRDT peerset is the peers with a valid ping.
      assertThat(h.peer(1).cluster().id().clusterPeers()).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void stoppedPeer_raisesAPingAlertOnTheOthers_andLeavesThePeerset() throws Exception {
    try (PeerHarness h = PeerHarness.start(root, 3, SECRET, SHORT)) {
      List<PeerId> ids = List.of(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < 3; i++) {
        ClusterPeer peer = h.peer(i);
        await()
            .atMost(CONVERGE)
            .until(() -> peersOf(peer.cluster().metrics("ping")).containsAll(ids));
      }
      assertThat(h.peer(0).cluster().alerts()).isEmpty();

      h.stop(2);

      for (int i = 0; i < 2; i++) {
        ClusterPeer peer = h.peer(i);
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () ->
                    assertThat(peer.cluster().alerts())
                        .anySatisfy(
                            a -> {
                              assertThat(a.metric().peer()).isEqualTo(h.id(2));
                              assertThat(a.metric().name()).isEqualTo("ping");
                            }));
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () ->
                    assertThat(peer.cluster().id().clusterPeers())
                        .containsExactlyInAnyOrder(h.id(0), h.id(1)));
      }
      List<Alert> alerts = h.peer(0).cluster().alerts();
      // One alert per peer and metric: the ping alert of peer 2 is not repeated while it is down.
      List<Alert> pingOf2 =
          alerts.stream()
              .filter(a -> a.metric().name().equals("ping") && a.metric().peer().equals(h.id(2)))
              .toList();
      assertThat(pingOf2).hasSize(1);
      Alert ping = pingOf2.getFirst();
      assertThat(ping.triggeredAt()).isAfter(ping.metric().expireInstant());
      assertThat(peersOf(h.peer(0).cluster().metrics("ping")))
          .containsExactlyInAnyOrder(h.id(0), h.id(1));
    }
  }
}
