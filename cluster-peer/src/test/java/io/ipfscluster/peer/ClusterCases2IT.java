package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * More multi-peer cases of the original's {@code ipfscluster_test.go} and {@code add_test.go} (spec
 * §9.2) on one CRDT cluster of four whole peers in this JVM ({@link PeerHarness}), all peers up:
 * PinUpdate, PinDirect, RecoverLocal / Recover / RecoverAll, ReplicationFactorMax,
 * ReplicationFactorMaxLower, PinsWithExpiration, and Add with one or every destination failing.
 *
 * <p>Two things stand in for the original's mock IPFS: a dag-json CID always fails to pin (the
 * embedded node cannot read dag-json links, so it refuses at once, as the mock refuses its {@code
 * ErrorCid}); and the node of peer {@value #SMALL} stores at most {@value #SMALL_STORAGE} bytes, so
 * it refuses the blocks of an add bigger than that (every other case pins far less). Every case
 * uses its own CIDs, so the cases share the cluster and run in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ClusterCases2IT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final int PEERS = 4;
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The peer whose IPFS node is small. */
  private static final int SMALL = 3;

  private static final long SMALL_STORAGE = 1_000_000;

  @TempDir static Path root;
  private PeerHarness h;
  private Set<PeerId> all;
  private final Random random = new Random(920);

  /**
   * Pings every second (valid 2 s), checked every 500 ms, informers valid 2 s, expired pins looked
   * for every second; the fourth peer started gets the small node.
   */
  private static UnaryOperator<ServiceConfig> tuning() {
    AtomicInteger started = new AtomicInteger();
    return c -> {
      Map<String, String> env = PeerHarness.shortMetrics(Map.of("CLUSTER_STATESYNCINTERVAL", "1s"));
      if (started.getAndIncrement() == SMALL) {
        env.put("CLUSTER_EMBEDDED_STORAGEMAXBYTES", Long.toString(SMALL_STORAGE));
      }
      return c.withEnvironment(env);
    };
  }

  @BeforeAll
  void startCluster() throws IOException {
    h = PeerHarness.start(root, PEERS, SECRET, tuning());
    all = IntStream.range(0, PEERS).mapToObj(h::id).collect(Collectors.toSet());
    for (int i = 0; i < PEERS; i++) {
      ClusterPeer peer = h.peer(i);
      await()
          .atMost(CONVERGE)
          .until(() -> Set.copyOf(peer.cluster().id().clusterPeers()).equals(all));
    }
    assertThat(h.peer(SMALL).config().embeddedIpfs().orElseThrow().storageMaxBytes())
        .isEqualTo(SMALL_STORAGE);
  }

  @AfterAll
  void stopCluster() {
    h.close();
  }

  private byte[] randomBytes(int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return data;
  }

  /** Adds {@code size} random bytes to the IPFS node of peer {@code peer} only, without pinning. */
  private Cid addTo(int peer, int size) throws IOException {
    return h.addToNode(peer, randomBytes(size));
  }

  /** A CID whose pin always fails: no embedded node reads dag-json. */
  private Cid failingCid() {
    return Cid.v1(Multicodec.DAG_JSON, Multihash.compute(HashFunction.SHA2_256, randomBytes(64)));
  }

  private static Set<PeerId> withStatus(GlobalPinInfo info, TrackerStatus status) {
    return info.peerMap().entrySet().stream()
        .filter(e -> e.getValue().status() == status)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** Peer {@code i}'s own status for {@code cid}. */
  private PinInfoShort localStatus(int i, Cid cid) {
    return h.peer(i).cluster().status(cid, true).peerMap().get(h.id(i));
  }

  private void awaitPinnedEverywhere(Cid cid) {
    for (int i = 0; i < PEERS; i++) {
      int peer = i;
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(localStatus(peer, cid).status())
                      .as("%s on peer %d", cid, peer)
                      .isEqualTo(TrackerStatus.PINNED));
    }
  }

  /**
   * How the IPFS node of peer {@code i} pins {@code cid}, from its {@code pin/ls}: {@code
   * recursive}, {@code direct} or {@code indirect}; empty when it does not.
   */
  private String nodePinType(int i, Cid cid) throws Exception {
    Multiaddr node = Multiaddr.parse(h.peer(i).config().ipfsHttp().nodeMultiaddress());
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + node.valueOf(Protocol.TCP).orElseThrow()
                + "/api/v0/pin/ls?arg="
                + cid);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 500 && r.body().contains("is not pinned")) {
      return "";
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestPeer.tree(r.body()).path("Keys").path(cid.toString()).path("Type").asText();
  }

  @Test
  void pinUpdate_fromAPinnedCid_newPinKeepsItsOptionsTakesNameAndExpiry_andOldStaysPinned()
      throws Exception {
    Cid from = addTo(0, 30_000);
    Cid to = addTo(1, 30_000);
    PinOptions update =
        PinOptions.defaults()
            .withUserAllocations(List.of(h.id(0))) // not used: the update copies the old pin
            .withPinUpdate(from)
            .withName("new name")
            .withExpireAt(Instant.now().plus(365, ChronoUnit.DAYS));

    assertThatThrownBy(() -> h.peer(2).cluster().pin(to, update))
        .as("pin update without the old pin in the pinset")
        .isInstanceOf(ClusterException.class)
        .hasMessage(ClusterException.NOT_IN_PINSET);

    h.peer(0)
        .cluster()
        .pin(from, PinOptions.defaults().withName("old name").withMetadata(Map.of("kind", "v1")));
    awaitPinnedEverywhere(from);
    h.peer(2).cluster().pin(to, update);

    Instant expiry = update.expireAt().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < PEERS; i++) {
      ClusterPeer peer = h.peer(i);
      await().atMost(CONVERGE).until(() -> peer.consensus().state().has(to));
      Pin updated = peer.cluster().pinGet(to);
      assertThat(updated.allocations()).as("everywhere, like the old pin").isEmpty();
      assertThat(updated.mode()).isEqualTo(PinMode.RECURSIVE);
      assertThat(updated.options().name()).isEqualTo("new name");
      assertThat(updated.options().expireAt()).isEqualTo(expiry);
      assertThat(updated.options().metadata()).isEqualTo(Map.of("kind", "v1"));
      assertThat(updated.options().pinUpdate()).isEqualTo(from);
      assertThat(peer.cluster().pinGet(from).options().name()).isEqualTo("old name");
    }
    awaitPinnedEverywhere(to);
    for (int i = 0; i < PEERS; i++) {
      assertThat(nodePinType(i, from)).as("old pin on node %d", i).isEqualTo("recursive");
      assertThat(nodePinType(i, to)).as("new pin on node %d", i).isEqualTo("recursive");
    }
  }

  @Test
  void pinDirect_pinnedAsDirectEverywhere_upgradesToRecursive_butNotBack() throws Exception {
    Cid cid = addTo(2, 600_000); // a root and three leaves
    PinOptions direct = PinOptions.defaults().withMode(PinMode.DIRECT);

    h.peer(0).cluster().pin(cid, direct);

    awaitPinnedEverywhere(cid);
    for (int i = 0; i < PEERS; i++) {
      Pin pin = h.peer(i).cluster().pinGet(cid);
      assertThat(pin.mode()).isEqualTo(PinMode.DIRECT);
      assertThat(pin.maxDepth()).isZero();
      assertThat(localStatus(i, cid).error()).isEmpty();
      assertThat(nodePinType(i, cid)).as("node %d", i).isEqualTo("direct");
    }

    h.peer(1).cluster().pin(cid, PinOptions.defaults().withMode(PinMode.RECURSIVE));

    for (int i = 0; i < PEERS; i++) {
      int peer = i;
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(h.peer(peer).cluster().pinGet(cid).maxDepth()).isEqualTo(-1);
                assertThat(localStatus(peer, cid).status()).isEqualTo(TrackerStatus.PINNED);
                assertThat(nodePinType(peer, cid)).as("node %d", peer).isEqualTo("recursive");
              });
    }
    assertThatThrownBy(() -> h.peer(0).cluster().pin(cid, direct))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("cannot repin a CID which is already pinned in recursive mode");
  }

  @Test
  void recover_cidThatAlwaysFails_staysPinErrorEverywhere_goodCidIsPinnedEverywhere()
      throws Exception {
    Cid bad = failingCid();
    Cid good = addTo(1, 40_000);
    h.peer(0).cluster().pin(bad, PinOptions.defaults());
    h.peer(0).cluster().pin(good, PinOptions.defaults());
    awaitPinnedEverywhere(good);
    awaitPinError(bad, 1);

    GlobalPinInfo recovered = h.peer(2).cluster().recover(bad, false);

    assertThat(recovered.peerMap().keySet()).isEqualTo(all);
    awaitPinError(bad, 2);

    GlobalPinInfo fine = h.peer(3).cluster().recover(good, false);
    assertThat(fine.cid()).isEqualTo(good);
    assertThat(withStatus(fine, TrackerStatus.PINNED)).isEqualTo(all);

    // RecoverLocal: each peer re-queues its own failed pin, which fails again.
    for (int i = 0; i < PEERS; i++) {
      GlobalPinInfo local = h.peer(i).cluster().recover(bad, true);
      assertThat(local.peerMap()).containsOnlyKeys(h.id(i));
      assertThat(h.peer(i).cluster().recover(good, true).peerMap().get(h.id(i)).status())
          .isEqualTo(TrackerStatus.PINNED);
    }
    awaitPinError(bad, 3);

    // RecoverAll lists what it re-queued: the failing pin on every peer, never the good one.
    List<GlobalPinInfo> requeued;
    try (Stream<GlobalPinInfo> s = h.peer(1).cluster().recoverAll(false)) {
      requeued = s.toList();
    }
    assertThat(requeued).extracting(GlobalPinInfo::cid).contains(bad).doesNotContain(good);
    GlobalPinInfo badInfo = requeued.stream().filter(g -> g.cid().equals(bad)).findFirst().get();
    assertThat(badInfo.peerMap().keySet()).isEqualTo(all);
    awaitPinError(bad, 4);
    assertThat(withStatus(h.peer(0).cluster().status(good, false), TrackerStatus.PINNED))
        .isEqualTo(all);
  }

  /** Waits until every peer has tried {@code cid} at least {@code attempts} times, all failed. */
  private void awaitPinError(Cid cid, int attempts) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = h.peer(random.nextInt(PEERS)).cluster().status(cid, false);
              assertThat(info.peerMap().keySet()).isEqualTo(all);
              assertThat(info.peerMap().values())
                  .allSatisfy(
                      s -> {
                        assertThat(s.status()).isEqualTo(TrackerStatus.PIN_ERROR);
                        assertThat(s.error()).contains("dag-json");
                        assertThat(s.attemptCount()).isGreaterThanOrEqualTo(attempts);
                      });
            });
  }

  @Test
  void replicationFactorMax_minOneMaxBelowThePeers_allocatedToMaxPeers() throws Exception {
    Cid cid = addTo(0, 10_000);

    Pin pin = h.peer(1).cluster().pin(cid, PinOptions.defaults().withReplication(1, PEERS - 1));

    assertThat(pin.allocations()).hasSize(PEERS - 1);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = h.peer(2).cluster().status(cid, false);
              assertThat(withStatus(info, TrackerStatus.PINNED))
                  .isEqualTo(Set.copyOf(pin.allocations()));
              assertThat(withStatus(info, TrackerStatus.REMOTE)).hasSize(1);
            });
    for (int i = 0; i < PEERS; i++) {
      ClusterPeer peer = h.peer(i);
      await().atMost(CONVERGE).until(() -> peer.consensus().state().has(cid));
      assertThat(peer.cluster().pinGet(cid).options().replicationFactorMax()).isEqualTo(PEERS - 1);
    }
  }

  @Test
  void replicationFactorMaxLower_repinWithALowerMax_shrinksTheAllocations() throws Exception {
    Cid cid = addTo(1, 10_000);
    Pin first = h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(1, PEERS));
    assertThat(first.allocations()).hasSize(PEERS);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                withStatus(h.peer(0).cluster().status(cid, false), TrackerStatus.PINNED)
                    .equals(all));

    Pin lowered = h.peer(0).cluster().pin(cid, PinOptions.defaults().withReplication(1, 2));

    assertThat(lowered.allocations()).hasSize(2);
    assertThat(first.allocations()).containsAll(lowered.allocations());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GlobalPinInfo info = h.peer(3).cluster().status(cid, false);
              assertThat(info.allocations())
                  .containsExactlyInAnyOrderElementsOf(lowered.allocations());
              assertThat(withStatus(info, TrackerStatus.PINNED))
                  .isEqualTo(Set.copyOf(lowered.allocations()));
              assertThat(withStatus(info, TrackerStatus.REMOTE)).hasSize(PEERS - 2);
            });
  }

  @Test
  void pinsWithExpiration_expiredPin_leavesEveryPinsetAndNode_unexpiredOneStays() throws Exception {
    Cid expiring = addTo(2, 10_000);
    Cid lasting = addTo(2, 10_000);
    h.peer(1).cluster().pin(lasting, PinOptions.defaults().withName("lasting"));
    Pin pin =
        h.peer(1)
            .cluster()
            .pin(expiring, PinOptions.defaults().withExpireAt(Instant.now().plusSeconds(4)));
    assertThat(pin.options().expires()).isTrue();
    awaitPinnedEverywhere(lasting);

    for (int i = 0; i < PEERS; i++) {
      int peer = i;
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(h.peer(peer).consensus().state().has(expiring)).isFalse();
                assertThat(nodePinType(peer, expiring)).as("node %d", peer).isEmpty();
              });
    }
    assertThatThrownBy(() -> h.peer(0).cluster().pinGet(expiring))
        .hasMessage(ClusterException.NOT_IN_PINSET);
    for (int i = 0; i < PEERS; i++) {
      assertThat(h.peer(i).consensus().state().has(lasting)).isTrue();
      assertThat(localStatus(i, lasting).status()).isEqualTo(TrackerStatus.PINNED);
    }
  }

  /** Adds {@code data} through peer {@code via} with the pin options in {@code query}. */
  private Cid add(int via, byte[] data, String query) throws IOException {
    Iterator<ImportEntry> entries =
        List.<ImportEntry>of(new ImportEntry.File("a.bin", new ByteArrayInputStream(data)))
            .iterator();
    return h.peer(via)
        .cluster()
        .adding()
        .add(
            AddParams.fromQuery(QueryString.parse(query)),
            () -> entries.hasNext() ? entries.next() : null,
            out -> {});
  }

  @Test
  void add_oneOfTwoDestinationsRefusesTheBlocks_succeedsAndIsPinnedOnTheOther() throws Exception {
    byte[] data = randomBytes((int) SMALL_STORAGE * 2);
    String query =
        "replication-min=2&replication-max=2&name=half&user-allocations="
            + h.id(SMALL)
            + ","
            + h.id(1);

    Cid root = add(0, data, query);

    Pin pin = h.peer(0).cluster().pinGet(root);
    assertThat(pin.allocations()).containsExactlyInAnyOrder(h.id(SMALL), h.id(1));
    assertThat(pin.options().name()).isEqualTo("half");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(localStatus(1, root).status()).isEqualTo(TrackerStatus.PINNED);
              assertThat(nodePinType(1, root)).isEqualTo("recursive");
            });
    assertThat(nodePinType(SMALL, root)).as("the small node cannot hold it").isEmpty();
  }

  @Test
  void add_everyDestinationRefusesTheBlocks_failsAndPinsNothing() throws Exception {
    byte[] data = randomBytes((int) SMALL_STORAGE * 2);
    String query = "replication-min=1&replication-max=1&user-allocations=" + h.id(SMALL);

    assertThatThrownBy(() -> add(2, data, query))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("failed to put block on all destinations");

    Cid root = PeerAddIT.expected("a.bin", data, "");
    for (int i = 0; i < PEERS; i++) {
      assertThat(h.peer(i).consensus().state().has(root)).as("peer %d", i).isFalse();
    }
  }
}
