package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of distributed pinning (issue 6): three peers of the built distribution, each
 * its own daemon with its embedded IPFS node, joined with {@code --bootstrap}. A file added with
 * {@code --rmin 2 --rmax 2} is pinned on two peers; after {@code kill -9} of one of them the pin is
 * pinned on two live peers again, with no command given.
 *
 * <p>Intervals are shortened (ping every second, checks every second, informers every two), so the
 * dead peer's alert, the grace period and the re-pin take seconds, not minutes.
 */
@Timeout(300)
class RepinDistIT {
  private static final String SECRET =
      "5e1f0a3c7b9d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f";
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  @TempDir Path root;
  private final List<SharnessPeer> peers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (SharnessPeer p : peers) {
      p.close();
    }
  }

  private SharnessPeer peer(String name) throws Exception {
    SharnessPeer p =
        SharnessPeer.member(
            root.resolve(name),
            List.of(),
            name,
            SECRET,
            (dir, config) -> {
              ((ObjectNode) config.get("cluster")).put("monitor_ping_interval", "1s");
              ((ObjectNode) config.get("cluster")).put("mdns_interval", "0s");
              ((ObjectNode) config.get("monitor").get("pubsubmon")).put("check_interval", "1s");
              JsonNode informers = config.get("informer");
              for (Iterator<String> it = informers.fieldNames(); it.hasNext(); ) {
                ((ObjectNode) informers.get(it.next())).put("metric_ttl", "2s");
              }
            });
    peers.add(p);
    return p;
  }

  /** The peers whose status of {@code cid} is {@code pinned}, as {@code p} sees them. */
  private static Set<String> pinnedOn(SharnessPeer p, String cid) throws Exception {
    JsonNode status = p.ctlJson("status", cid).getFirst();
    Set<String> pinned = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = status.get("peer_map").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if ("pinned".equals(e.getValue().path("status").asText())) {
        pinned.add(e.getKey());
      }
    }
    return pinned;
  }

  private static List<String> allocations(SharnessPeer p, String cid) throws Exception {
    List<String> out = new ArrayList<>();
    p.ctlJson("pin", "ls", cid).getFirst().get("allocations").forEach(a -> out.add(a.asText()));
    return out;
  }

  private static Set<String> livePeers(SharnessPeer p) throws Exception {
    return p.ctlJson("peers", "ls").stream()
        .filter(j -> j.path("error").asText().isEmpty())
        .map(j -> j.get("id").asText())
        .collect(Collectors.toSet());
  }

  @Test
  void killOneOfTwoAllocations_thePinIsPinnedOnTwoLivePeersAgain() throws Exception {
    SharnessPeer a = peer("a");
    SharnessPeer b = peer("b");
    SharnessPeer c = peer("c");
    a.start();
    b.start("--bootstrap", a.peerAddress());
    c.start("--bootstrap", a.peerAddress());
    Set<String> all = Set.of(a.id(), b.id(), c.id());
    for (SharnessPeer p : List.of(a, b, c)) {
      await().atMost(CONVERGE).until(() -> livePeers(p).equals(all));
    }

    Path file = root.resolve("data.txt");
    Files.writeString(file, "re-pinned when a peer dies, " + System.nanoTime());
    String cid = a.ctlOk("add", "-Q", "--rmin", "2", "--rmax", "2", file.toString()).strip();
    List<String> first = allocations(a, cid);
    assertThat(first).hasSize(2);
    await().atMost(CONVERGE).until(() -> pinnedOn(a, cid).equals(Set.copyOf(first)));

    // Kill an allocated peer other than a, through which the test keeps asking.
    SharnessPeer victim = first.contains(b.id()) ? b : c;
    SharnessPeer survivor = victim == b ? c : b;
    victim.kill();

    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              Set<String> pinned = pinnedOn(a, cid);
              pinned.remove(victim.id());
              return pinned.equals(Set.of(a.id(), survivor.id()));
            });
    assertThat(allocations(a, cid)).containsExactlyInAnyOrder(a.id(), survivor.id());
    assertThat(allocations(survivor, cid)).containsExactlyInAnyOrder(a.id(), survivor.id());
  }
}
