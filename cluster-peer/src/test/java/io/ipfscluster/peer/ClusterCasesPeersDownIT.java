package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.ClientConfig;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-peer cases of the original's {@code ipfscluster_test.go} and {@code
 * peer_manager_test.go} (spec §9.2) in which peers go down, on one CRDT cluster of five whole peers
 * in this JVM ({@link PeerHarness}) with re-pinning off, so that only the re-pins of the tests move
 * pins: PeerJoinAllAtOnce, ReplicationRealloc, ClusterAlerts, ReplicationMinMaxNoRealloc,
 * ReplicationMinMaxRealloc, ReplicationFactorInBetween, ReplicationFactorMin and PeerRejoin.
 *
 * <p>The cases run in order, as the cluster loses peers: all five up, then one peer down, then two,
 * then the first one back. Pins made while all are up are kept in fields for the later cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ClusterCasesPeersDownIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final int PEERS = 5;
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /**
   * Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s, heads rebroadcast
   * every 2 s, no automatic re-pinning.
   */
  private static final UnaryOperator<ServiceConfig> SHORT =
      c ->
          c.withEnvironment(
              PeerHarness.shortMetrics(
                  Map.of(
                      "CLUSTER_CRDT_REBROADCASTINTERVAL", "2s",
                      "CLUSTER_DISABLEREPINNING", "true")));

  @TempDir static Path root;
  private PeerHarness h;
  private final Random random = new Random(9292);

  /** Pinned with all peers up: everywhere, 4/4, 1/5 and 3/4. */
  private Cid everywhere;

  private Pin fourOfFour;
  private Pin oneToFive;
  private Pin threeToFour;

  /** The peer stopped first (and restarted last), and the one stopped second; -1 until then. */
  private int firstDown = -1;

  private int secondDown = -1;

  /** Starts five peers that know nothing of each other. */
  @BeforeAll
  void startPeers() throws IOException {
    h = PeerHarness.start(root, 1, SECRET, SHORT);
    for (int i = 1; i < PEERS; i++) {
      h.startPeer(SECRET);
    }
  }

  @AfterAll
  void stopCluster() {
    h.close();
  }

  private Cid addTo(int peer, int size) throws IOException {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return h.addToNode(peer, data);
  }

  private List<Integer> live() {
    return IntStream.range(0, PEERS)
        .filter(i -> i != firstDown && i != secondDown)
        .boxed()
        .toList();
  }

  private Set<PeerId> liveIds() {
    return live().stream().map(h::id).collect(Collectors.toSet());
  }

  private static Set<PeerId> withStatus(GlobalPinInfo info, TrackerStatus status) {
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == status)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private TrackerStatus localStatus(int i, Cid cid) {
    return h.peer(i).cluster().status(cid, true).peerMap().get(h.id(i)).status();
  }

  /** Waits until every live peer's peerset is exactly the live peers. */
  private void awaitLivePeersets() {
    Set<PeerId> ids = liveIds();
    for (int i : live()) {
      ClusterPeer peer = h.peer(i);
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(peer.cluster().id().clusterPeers())
                      .containsExactlyInAnyOrderElementsOf(ids));
    }
  }

  /** Waits until {@code cid} is pinned on exactly {@code peers}, as every live peer sees it. */
  private void awaitPinnedOn(Cid cid, Set<PeerId> peers) {
    for (int i : live()) {
      ClusterPeer peer = h.peer(i);
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(withStatus(peer.cluster().status(cid, false), TrackerStatus.PINNED))
                      .isEqualTo(peers));
    }
  }

  private int index(PeerId id) {
    return IntStream.range(0, PEERS).filter(i -> h.id(i).equals(id)).findFirst().orElseThrow();
  }

  /** Stops the first peer, allocated both 4/4 and 3/4, unless it is down already. */
  private void onePeerDown() {
    if (firstDown >= 0) {
      return;
    }
    firstDown =
        fourOfFour.allocations().stream()
            .filter(threeToFour.allocations()::contains)
            .map(this::index)
            .filter(i -> i != 0)
            .findFirst()
            .orElseThrow();
    h.stop(firstDown);
    awaitLivePeersets();
  }

  /** Stops a second peer allocated 3/4, unless it is down already. */
  private void twoPeersDown() {
    onePeerDown();
    if (secondDown >= 0) {
      return;
    }
    secondDown =
        threeToFour.allocations().stream()
            .map(this::index)
            .filter(i -> i != 0 && i != firstDown)
            .findFirst()
            .orElseThrow();
    h.stop(secondDown);
    awaitLivePeersets();
  }

  @Test
  @Order(1)
  void peerJoinAllAtOnce_fourPeersJoinTheFirstTogether_allSeeFiveAndPin() throws Exception {
    List<CompletableFuture<Integer>> joins = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 1; i < PEERS; i++) {
        int peer = i;
        joins.add(CompletableFuture.supplyAsync(() -> h.join(peer, 0), threads));
      }
    }
    assertThat(joins).allSatisfy(j -> assertThat(j.join()).isEqualTo(1));
    awaitLivePeersets();

    everywhere = addTo(0, 20_000);
    h.peer(0).cluster().pin(everywhere, PinOptions.defaults());

    awaitPinnedOn(everywhere, liveIds());
    for (int i = 0; i < PEERS; i++) {
      assertThat(h.peer(i).cluster().pinGet(everywhere).allocations()).isEmpty();
    }
  }

  @Test
  @Order(2)
  void replicationRealloc_allPeersUp_repinKeepsTheAllocations() throws Exception {
    fourOfFour = h.peer(1).cluster().pin(addTo(1, 20_000), opts(4, 4));
    oneToFive = h.peer(2).cluster().pin(addTo(2, 20_000), opts(1, 5));
    threeToFour = h.peer(3).cluster().pin(addTo(3, 20_000), opts(3, 4));
    assertThat(fourOfFour.allocations()).hasSize(4);
    assertThat(oneToFive.allocations()).hasSize(5);
    assertThat(threeToFour.allocations()).hasSize(4);
    awaitPinnedOn(fourOfFour.cid(), Set.copyOf(fourOfFour.allocations()));

    Pin again = h.peer(4).cluster().pin(fourOfFour.cid(), opts(4, 4));

    assertThat(again.allocations()).isEqualTo(fourOfFour.allocations());
    awaitPinnedOn(oneToFive.cid(), liveIds());
    awaitPinnedOn(threeToFour.cid(), Set.copyOf(threeToFour.allocations()));
  }

  private static PinOptions opts(int min, int max) {
    return PinOptions.defaults().withReplication(min, max);
  }

  @Test
  @Order(3)
  void clusterAlerts_onePeerStopped_everyOtherPeerListsItsPingAlertThroughRest() {
    onePeerDown();

    for (int i : live()) {
      ClusterClient client =
          new ClusterClient(ClientConfig.defaults().withHosts(h.peer(i).restAddresses()));
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(client.alerts())
                      .anySatisfy(
                          a -> {
                            assertThat(a.metric().peer()).isEqualTo(h.id(firstDown));
                            assertThat(a.metric().name()).isEqualTo("ping");
                          }));
    }
  }

  @Test
  @Order(4)
  void replicationRealloc_aPinnerStopped_repinAllocatesALivePeerInItsPlace() {
    onePeerDown();
    int from = live().get(live().size() - 1);

    Pin moved = h.peer(from).cluster().pin(fourOfFour.cid(), opts(4, 4));

    assertThat(moved.allocations()).containsExactlyInAnyOrderElementsOf(liveIds());
    awaitPinnedOn(fourOfFour.cid(), liveIds());
  }

  @Test
  @Order(5)
  void replicationMinMaxNoRealloc_twoPeersDown_repinAboveTheMinimumKeepsEveryAllocation() {
    twoPeersDown();

    Pin again = h.peer(0).cluster().pin(oneToFive.cid(), opts(1, 5));

    assertThat(again.allocations()).isEqualTo(oneToFive.allocations()).hasSize(PEERS);
    assertThat(again.options().replicationFactorMax()).isEqualTo(PEERS);
  }

  @Test
  @Order(6)
  void replicationMinMaxRealloc_twoAllocationsDown_repinWithANewNameReallocatesToTheMinimum() {
    twoPeersDown();
    int safe =
        threeToFour.allocations().stream()
            .map(this::index)
            .filter(live()::contains)
            .findFirst()
            .orElseThrow();

    Pin moved = h.peer(safe).cluster().pin(threeToFour.cid(), opts(3, 4).withName("moved"));

    // Two live allocations kept, plus the one live peer left: min(live peers, max) = 3.
    assertThat(moved.allocations()).containsExactlyInAnyOrderElementsOf(liveIds());
    assertThat(moved.allocations()).isNotEqualTo(threeToFour.allocations());
    assertThat(moved.options().name()).isEqualTo("moved");
    awaitPinnedOn(threeToFour.cid(), liveIds());
  }

  @Test
  @Order(7)
  void replicationFactorInBetween_twoPeersDown_newPinAllocatedToTheThreeLivePeers()
      throws Exception {
    twoPeersDown();
    Cid cid = addTo(0, 20_000);

    Pin pin = h.peer(live().get(1)).cluster().pin(cid, opts(1, PEERS));

    assertThat(pin.allocations()).containsExactlyInAnyOrderElementsOf(liveIds());
    awaitPinnedOn(cid, liveIds());
  }

  @Test
  @Order(8)
  void replicationFactorMin_twoPeersDown_minimumAboveTheLivePeersIsAnError() throws Exception {
    twoPeersDown();
    Cid cid = addTo(0, 1_000);

    assertThatThrownBy(() -> h.peer(0).cluster().pin(cid, opts(PEERS - 1, PEERS)))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith(
            "not enough peers to allocate CID. Needed at least: " + (PEERS - 1));
    assertThat(h.peer(0).consensus().state().has(cid)).isFalse();
  }

  @Test
  @Order(9)
  void peerRejoin_stoppedPeerRestarts_catchesUpAndPinsWhatWasPinnedMeanwhile() throws Exception {
    twoPeersDown();
    Cid meanwhile = addTo(live().get(2), 20_000);
    h.peer(live().get(2)).cluster().pin(meanwhile, PinOptions.defaults());
    awaitPinnedOn(meanwhile, liveIds());
    int back = firstDown;

    h.restart(back, SECRET);
    firstDown = -1;

    awaitLivePeersets();
    for (Cid cid : List.of(everywhere, meanwhile)) {
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(localStatus(back, cid))
                      .as(cid.toString())
                      .isEqualTo(TrackerStatus.PINNED));
    }
    ClusterPeer rejoined = h.peer(back);
    assertThat(rejoined.cluster().pinGet(fourOfFour.cid()).allocations())
        .as("the re-allocation made while it was down")
        .doesNotContain(h.id(back));
    assertThat(localStatus(back, fourOfFour.cid())).isEqualTo(TrackerStatus.REMOTE);
  }
}
