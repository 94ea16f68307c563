package io.ipfscluster.peer;

import static io.ipfscluster.peer.TestPeer.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.ipfs.embedded.EmbeddedIpfsNode;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.PinKind;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.pintracker.OperationQueueFullException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults of issue 4 on a whole peer in this JVM, seen through its REST API: an IPFS node that
 * is down or stops answering, a full pin tracker queue and a full consensus queue. The IPFS node is
 * an embedded node started apart from the peer, behind a {@link KuboProxy} the test switches.
 */
@Timeout(120)
class PeerFaultsIT {
  /** The original's consensus error (consensus/crdt/consensus.go). */
  private static final String CONSENSUS_QUEUE_FULL =
      "error batching item: batching max_queue_size reached. Too many operations are waiting to"
          + " be batched. Try increasing the max_queue_size or adjusting the batching options";

  @TempDir Path dir;

  private EmbeddedIpfsNode node;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void startNode() {
    node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(dir.resolve("ipfs"))
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            BlockSource.none());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    node.close();
  }

  @Test
  void ipfsDown_pinsGoToPinErrorWithTheError_apiStaysUp_andRecoverPinsThemOnceBack()
      throws Exception {
    KuboProxy ipfs = closeLater(KuboProxy.forwardingTo(nodeAddress()));
    TestPeer peer =
        closeLater(
            TestPeer.start(TestPeer.configure(dir.resolve("cfg"), ipfs.multiaddr(), root -> {})));
    Cid before = block(0);
    peer.pin(before);
    peer.awaitStatus(before, TrackerStatus.PINNED);

    ipfs.refuse();
    List<Cid> cids = IntStream.rangeClosed(1, 3).mapToObj(PeerFaultsIT::block).toList();
    cids.forEach(peer::pin);

    for (Cid cid : cids) {
      peer.awaitStatus(cid, TrackerStatus.PIN_ERROR);
      assertThat(peer.status(cid).path("error").asText()).as("error of %s", cid).isNotBlank();
    }
    // Refused, or cut off if the call took a pooled connection the proxy had just dropped.
    assertThat(peer.status(cids.get(0)).path("error").asText())
        .contains("IPFS request failed (is it running?)")
        .contains("cannot reach the IPFS node at " + ipfs.multiaddr());
    // The API stays up: the peer answers, the pinset is whole, the errors are listed.
    assertThat(peer.send("GET", "/id").statusCode()).isEqualTo(200);
    assertThat(peer.allocations()).containsExactlyInAnyOrderElementsOf(withBefore(before, cids));
    HttpResponse<String> errors = peer.send("GET", "/pins?local=true&filter=pin_error");
    assertThat(errors.statusCode()).isEqualTo(200);
    assertThat(errors.body().lines().map(l -> TestPeer.tree(l).path("cid").asText()))
        .containsExactlyInAnyOrderElementsOf(cids.stream().map(Cid::toString).toList());
    assertThat(node.node().pins().check(cids.get(0), Set.of(PinKind.RECURSIVE))).isNull();

    ipfs.forward();
    HttpResponse<String> recovered = peer.send("POST", "/pins/recover?local=true");

    assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
    for (Cid cid : cids) {
      peer.awaitStatus(cid, TrackerStatus.PINNED);
      assertThat(node.node().pins().check(cid, Set.of(PinKind.RECURSIVE)))
          .as("pinned in IPFS")
          .isNotNull();
    }
  }

  @Test
  void ipfsNotAnswering_trackerQueueFull_pinsGetTheSpecsError_andNoneIsLostFromTheState()
      throws Exception {
    KuboProxy ipfs = closeLater(KuboProxy.hangingBefore(nodeAddress()));
    Path cfg =
        TestPeer.configure(
            dir.resolve("cfg"),
            ipfs.multiaddr(),
            root ->
                section(root, "/pin_tracker/stateless")
                    .put("concurrent_pins", 1)
                    .put("max_pin_queue_size", 2));
    TestPeer peer = closeLater(TestPeer.start(cfg));
    List<Cid> cids = IntStream.range(0, 6).mapToObj(PeerFaultsIT::block).toList();

    // One worker hangs on its IPFS call and each queue holds 2, so at most 3 are taken.
    cids.forEach(peer::pin);

    List<Cid> rejected = new ArrayList<>();
    for (Cid cid : cids) {
      JsonNode status = peer.status(cid);
      TrackerStatus s = TrackerStatus.ofName(status.path("status").asText());
      assertThat(s)
          .as(cid.toString())
          .isIn(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING, TrackerStatus.PIN_ERROR);
      if (s == TrackerStatus.PIN_ERROR) {
        assertThat(status.path("error").asText()).isEqualTo(OperationQueueFullException.MESSAGE);
        rejected.add(cid);
      }
    }
    assertThat(rejected).hasSizeGreaterThanOrEqualTo(3);
    assertThat(peer.allocations()).containsExactlyInAnyOrderElementsOf(cids);

    Cid hung =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cids.stream()
                        .filter(c -> peer.trackerStatus(c) == TrackerStatus.PINNING)
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();

    ipfs.forward(); // the hung call fails; each pin is then recovered in turn
    peer.awaitStatus(hung, TrackerStatus.PIN_ERROR);
    assertThat(peer.status(hung).path("error").asText())
        .contains("the node closed the connection without answering");
    for (Cid cid : cids) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                if (peer.trackerStatus(cid) == TrackerStatus.PIN_ERROR) {
                  peer.send("POST", "/pins/" + cid + "/recover?local=true");
                }
                assertThat(peer.trackerStatus(cid)).isEqualTo(TrackerStatus.PINNED);
              });
    }
    assertThat(peer.allocations()).containsExactlyInAnyOrderElementsOf(cids);
  }

  @Test
  void consensusQueueFull_answersTheOriginalsError_andTheStateHoldsExactlyTheAcceptedPins()
      throws Exception {
    KuboProxy ipfs = closeLater(KuboProxy.forwardingTo(nodeAddress()));
    Path cfg =
        TestPeer.configure(
            dir.resolve("cfg"),
            ipfs.multiaddr(),
            root ->
                section(root, "/consensus/crdt/batching")
                    .put("max_batch_size", 100)
                    .put("max_batch_age", "3s")
                    .put("max_queue_size", 2));
    TestPeer peer = closeLater(TestPeer.start(cfg));
    Cid before = block(0);
    peer.pin(before); // waits for its batch's age
    List<Cid> cids = IntStream.rangeClosed(1, 8).mapToObj(PeerFaultsIT::block).toList();

    // 8 at once into a queue of 2 that empties only when the batch is 3 s old.
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    closeLater(clients::shutdownNow);
    List<Future<HttpResponse<String>>> answers =
        cids.stream().map(cid -> clients.submit(() -> peer.send("POST", "/pins/" + cid))).toList();

    Set<Cid> accepted = new HashSet<>();
    int rejected = 0;
    for (int i = 0; i < cids.size(); i++) {
      HttpResponse<String> r = answers.get(i).get();
      if (r.statusCode() == 200) {
        accepted.add(cids.get(i));
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        JsonNode error = TestPeer.tree(r.body());
        assertThat(error.path("code").asInt()).isEqualTo(500);
        assertThat(error.path("message").asText()).isEqualTo(CONSENSUS_QUEUE_FULL);
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
    assertThat(accepted).hasSizeBetween(2, cids.size() - 1);
    assertThat(peer.allocations())
        .containsExactlyInAnyOrderElementsOf(withBefore(before, accepted));
    // The queue drained: the next pin is accepted, and the accepted ones get pinned.
    Cid after = block(9);
    peer.pin(after);
    for (Cid cid : accepted) {
      peer.awaitStatus(cid, TrackerStatus.PINNED);
    }
    peer.awaitStatus(after, TrackerStatus.PINNED);
  }

  /** The CID of a tiny block put into the node: test data number {@code i}. */
  private static Cid block(int i) {
    byte[] data = ("peer-faults-" + i).getBytes(StandardCharsets.UTF_8);
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data));
  }

  private InetSocketAddress nodeAddress() {
    for (int i = 0; i < 10; i++) {
      byte[] data = ("peer-faults-" + i).getBytes(StandardCharsets.UTF_8);
      node.node().blockstore().put(block(i), data);
    }
    Multiaddr api = node.apiAddresses().get(0);
    return new InetSocketAddress(
        api.valueOf(Protocol.IP4).orElseThrow(),
        Integer.parseInt(api.valueOf(Protocol.TCP).orElseThrow()));
  }

  private static Set<Cid> withBefore(Cid before, Collection<Cid> cids) {
    Set<Cid> all = new HashSet<>(cids);
    all.add(before);
    return all;
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }
}
