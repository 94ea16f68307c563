package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global status, recover and IPFS garbage collection across three whole peers ({@link
 * PeerHarness}). Each peer pins its own content, allocated to itself only, so what each peer
 * reports does not depend on the pinset reaching the others: a peer without the pin lists nothing
 * for it, and one with it lists it as {@code remote}.
 */
@Timeout(180)
class GlobalStatusIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path root;

  /** Starts three peers and waits until each sees all three. */
  private static PeerHarness threePeers(Path root) throws Exception {
    PeerHarness h = PeerHarness.start(root, 3, SECRET);
    Set<PeerId> ids = Set.of(h.id(0), h.id(1), h.id(2));
    for (int i = 0; i < 3; i++) {
      ClusterPeer p = h.peer(i);
      await().atMost(CONVERGE).until(() -> Set.copyOf(p.cluster().id().clusterPeers()).equals(ids));
    }
    return h;
  }

  /** Adds random content to peer {@code i}'s node only and pins it there, allocated to it alone. */
  private static Cid pinOwnContent(PeerHarness h, int i) throws IOException {
    byte[] data = new byte[4096];
    new Random(i).nextBytes(data);
    Cid cid = h.addToNode(i, data);
    h.peer(i)
        .cluster()
        .pin(
            cid,
            PinOptions.defaults()
                .withReplication(1, 1)
                .withUserAllocations(List.of(h.id(i)))
                .withName("own-" + i));
    return cid;
  }

  private static Map<PeerId, TrackerStatus> statuses(GlobalPinInfo info) {
    return info.peerMap().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status()));
  }

  private static List<GlobalPinInfo> statusAll(ClusterPeer peer, StatusFilter f, boolean local) {
    try (Stream<GlobalPinInfo> s = peer.cluster().statusAll(f, local)) {
      return s.toList();
    }
  }

  private static void awaitPinnedLocally(PeerHarness h, int i, Cid cid) {
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                h.peer(i).cluster().status(cid, true).peerMap().get(h.id(i)).status()
                    == TrackerStatus.PINNED);
  }

  /** Unpins {@code cid} in peer {@code i}'s IPFS node behind the cluster's back. */
  private static void unpinInIpfs(PeerHarness h, int i, Cid cid) throws Exception {
    Multiaddr node = Multiaddr.parse(h.peer(i).config().ipfsHttp().nodeMultiaddress());
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + node.valueOf(Protocol.TCP).orElseThrow()
                + "/api/v0/pin/rm?arg="
                + cid);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void status_pinAllocatedToOnePeer_pinnedThereAndRemoteOnTheOthers() throws Exception {
    try (PeerHarness h = threePeers(root)) {
      Cid cid = pinOwnContent(h, 0);

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(statuses(h.peer(0).cluster().status(cid, false)))
                      .isEqualTo(
                          Map.of(
                              h.id(0), TrackerStatus.PINNED,
                              h.id(1), TrackerStatus.REMOTE,
                              h.id(2), TrackerStatus.REMOTE)));
      GlobalPinInfo info = h.peer(0).cluster().status(cid, false);
      assertThat(info.name()).isEqualTo("own-0");
      assertThat(info.peerMap().get(h.id(0)).peerName()).isEqualTo("peer-0");
      assertThat(statuses(h.peer(0).cluster().status(cid, true)))
          .isEqualTo(Map.of(h.id(0), TrackerStatus.PINNED));
    }
  }

  @Test
  void statusAll_eachPeerPinningItsOwn_mergesEveryPeersPins() throws Exception {
    try (PeerHarness h = threePeers(root)) {
      List<Cid> cids = List.of(pinOwnContent(h, 0), pinOwnContent(h, 1), pinOwnContent(h, 2));
      StatusFilter pinned = StatusFilter.of(TrackerStatus.PINNED);

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                Map<Cid, Map<PeerId, TrackerStatus>> all =
                    statusAll(h.peer(1), pinned, false).stream()
                        .collect(Collectors.toMap(GlobalPinInfo::cid, GlobalStatusIT::statuses));
                assertThat(all)
                    .isEqualTo(
                        Map.of(
                            cids.get(0), Map.of(h.id(0), TrackerStatus.PINNED),
                            cids.get(1), Map.of(h.id(1), TrackerStatus.PINNED),
                            cids.get(2), Map.of(h.id(2), TrackerStatus.PINNED)));
              });

      List<GlobalPinInfo> unfiltered = statusAll(h.peer(1), StatusFilter.ALL, false);
      assertThat(unfiltered)
          .extracting(GlobalPinInfo::cid)
          .as("in CID byte order")
          .containsExactlyElementsOf(cids.stream().sorted().toList());
      Map<Cid, GlobalPinInfo> byCid =
          unfiltered.stream().collect(Collectors.toMap(GlobalPinInfo::cid, g -> g));
      for (int i = 0; i < 3; i++) {
        GlobalPinInfo info = byCid.get(cids.get(i));
        int owner = i;
        assertThat(info.peerMap().get(h.id(owner)).status()).isEqualTo(TrackerStatus.PINNED);
        assertThat(info.peerMap())
            .allSatisfy(
                (peer, s) -> {
                  if (!peer.equals(h.id(owner))) {
                    assertThat(s.status()).isEqualTo(TrackerStatus.REMOTE);
                  }
                });
      }
      // Locally, peer 1 lists the whole (replicated) pinset with its own entry only.
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                List<GlobalPinInfo> local = statusAll(h.peer(1), StatusFilter.ALL, true);
                assertThat(local)
                    .extracting(GlobalPinInfo::cid)
                    .containsExactlyElementsOf(cids.stream().sorted().toList());
                assertThat(local)
                    .allSatisfy(g -> assertThat(g.peerMap()).containsOnlyKeys(h.id(1)));
              });
    }
  }

  @Test
  void status_stoppedPeer_clusterErrorWithTheErrorAndTheNameItGaveBefore() throws Exception {
    try (PeerHarness h = threePeers(root)) {
      Cid everywhere = pinOwnContent(h, 0);
      h.peer(0).cluster().pin(everywhere, PinOptions.defaults()); // re-pinned everywhere
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(h.peer(0).cluster().status(everywhere, false).peerMap().get(h.id(2)))
                      .extracting(PinInfoShort::peerName)
                      .isEqualTo("peer-2"));

      h.stop(2);

      PinInfoShort down = h.peer(0).cluster().status(everywhere, false).peerMap().get(h.id(2));
      assertThat(down.status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
      assertThat(down.error()).isNotEmpty();
      assertThat(down.peerName()).isEqualTo("peer-2");
      List<GlobalPinInfo> all = statusAll(h.peer(0), StatusFilter.ALL, false);
      assertThat(all).isNotEmpty();
      assertThat(all)
          .allSatisfy(
              g -> {
                assertThat(g.peerMap().get(h.id(2)).status())
                    .isEqualTo(TrackerStatus.CLUSTER_ERROR);
                assertThat(g.peerMap().get(h.id(2)).error()).isNotEmpty();
              });
      assertThat(all.stream().map(g -> g.peerMap().get(h.id(0)).status()))
          .as("the live peers still answer")
          .contains(TrackerStatus.PINNED);
    }
  }

  @Test
  void recover_pinLostInAnotherPeersNode_isPinnedAgainFromHere() throws Exception {
    try (PeerHarness h = threePeers(root)) {
      Cid one = pinOwnContent(h, 1);
      Cid two = pinOwnContent(h, 2);
      // Peer 0's pinset has peer 1's pin too, whether or not the pinset reaches it on its own.
      h.peer(0)
          .cluster()
          .pin(
              one,
              PinOptions.defaults()
                  .withReplication(1, 1)
                  .withUserAllocations(List.of(h.id(1)))
                  .withName("own-1"));
      awaitPinnedLocally(h, 1, one);
      awaitPinnedLocally(h, 2, two);
      unpinInIpfs(h, 1, one);
      unpinInIpfs(h, 2, two);
      assertThat(h.peer(1).cluster().status(one, true).peerMap().get(h.id(1)).status())
          .isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);

      GlobalPinInfo recovered = h.peer(0).cluster().recover(one, false);

      assertThat(recovered.peerMap().get(h.id(1)).status())
          .isIn(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING, TrackerStatus.PINNED);
      assertThat(recovered.peerMap().get(h.id(0)).status()).isEqualTo(TrackerStatus.REMOTE);
      awaitPinnedLocally(h, 1, one);

      List<GlobalPinInfo> all;
      try (Stream<GlobalPinInfo> s = h.peer(0).cluster().recoverAll(false)) {
        all = s.toList();
      }

      assertThat(all).extracting(GlobalPinInfo::cid).containsExactly(two);
      assertThat(all.get(0).peerMap().get(h.id(2)).status())
          .isIn(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING, TrackerStatus.PINNED);
      awaitPinnedLocally(h, 2, two);
    }
  }

  @Test
  void repoGc_everyPeer_oneEntryEach_stoppedPeerWithItsError() throws Exception {
    try (PeerHarness h = threePeers(root)) {
      GlobalRepoGc gc = h.peer(0).cluster().repoGc(false);

      assertThat(gc.peerMap()).containsOnlyKeys(h.id(0), h.id(1), h.id(2));
      for (int i = 0; i < 3; i++) {
        assertThat(gc.peerMap().get(h.id(i)).error()).isEmpty();
        assertThat(gc.peerMap().get(h.id(i)).peername()).isEqualTo("peer-" + i);
      }
      assertThat(h.peer(0).cluster().repoGc(true).peerMap()).containsOnlyKeys(h.id(0));

      h.stop(1);

      GlobalRepoGc withDown = h.peer(0).cluster().repoGc(false);
      assertThat(withDown.peerMap()).containsOnlyKeys(h.id(0), h.id(1), h.id(2));
      assertThat(withDown.peerMap().get(h.id(1)).error()).isNotEmpty();
      assertThat(withDown.peerMap().get(h.id(2)).error()).isEmpty();
    }
  }
}
