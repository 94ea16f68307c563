package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 7: three peers of the built distribution, each its own {@code
 * ipfs-cluster-service daemon} process with {@code --consensus raft} and its embedded IPFS node.
 * The first bootstraps the Raft group alone, the others join it with {@code --bootstrap}. Content
 * added through a follower, then (after {@code kill -9} of the leader) through a survivor, ends
 * pinned on all three once the old leader is back. A peer removed with {@code ctl peers rm} exits.
 */
@Timeout(420)
class RaftDistIT {
  private static final String SECRET =
      "4f1c2a8e5d7b9036a1c3e5f7092b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a2c4e6b";
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Pattern LEADER = Pattern.compile("Raft leader is now (\\w+)");

  @TempDir Path root;
  private final List<SharnessPeer> peers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (SharnessPeer p : peers) {
      p.close();
    }
  }

  /** A raft peer folder with the shared secret, its peer network on loopback. */
  private SharnessPeer peer(String name) throws Exception {
    SharnessPeer p =
        SharnessPeer.member(
            root.resolve(name), List.of("--consensus", "raft"), name, SECRET, (d, c) -> {});
    peers.add(p);
    return p;
  }

  /** The leader {@code p} heard of last (its log's last "Raft leader is now" line). */
  private SharnessPeer leaderSeenBy(SharnessPeer p) throws Exception {
    Matcher m = LEADER.matcher(p.log());
    String leader = null;
    while (m.find()) {
      leader = m.group(1);
    }
    for (SharnessPeer candidate : peers) {
      if (candidate.id().equals(leader)) {
        return candidate;
      }
    }
    throw new AssertionError("no leader in the log of " + p.dir + ":\n" + p.logTail());
  }

  /** Adds a small file through {@code p} ({@code ctl add -Q}) and returns its CID. */
  private String add(SharnessPeer p, String content) throws Exception {
    Path file = root.resolve(content.hashCode() + ".txt");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return p.ctlOk("add", "-Q", file.toString()).trim();
  }

  /** Whether {@code p} reports its own status of {@code cid} as pinned. */
  private static boolean pinnedOn(SharnessPeer p, String cid) throws Exception {
    Dist.Result r = p.ctl("--enc=json", "status", cid);
    if (r.exitCode() != 0) {
      return false;
    }
    String id = p.id();
    return SharnessCases.jsonObjects(r.out()).stream()
        .anyMatch(j -> j.path("peer_map").path(id).path("status").asText().equals("pinned"));
  }

  /** Peers a, b, c: a bootstraps alone, b and c join through it; all three list three peers. */
  private void startThree() throws Exception {
    SharnessPeer a = peer("a");
    SharnessPeer b = peer("b");
    SharnessPeer c = peer("c");
    a.start();
    b.start("--bootstrap", a.peerAddress());
    c.start("--bootstrap", a.peerAddress());
    for (SharnessPeer p : peers) {
      await().atMost(CONVERGE).until(() -> p.ctlJson("peers", "ls").size() == 3);
    }
  }

  @Test
  void peersRm_ofAPeer_shrinksTheCluster_andTheRemovedDaemonExits() throws Exception {
    startThree();
    SharnessPeer a = peers.get(0);
    SharnessPeer c = peers.get(2);

    a.ctlOk("peers", "rm", c.id());

    await().atMost(CONVERGE).until(() -> !c.running());
    assertThat(c.log()).contains("this peer has been removed from the cluster");
    assertThat(c.dir.resolve("raft.old.0")).isDirectory();
    for (SharnessPeer p : peers.subList(0, 2)) {
      await().atMost(CONVERGE).until(() -> p.ctlJson("peers", "ls").size() == 2);
    }
  }

  @Test
  void pinThroughFollower_killLeader_pinThroughSurvivor_restartLeader_allPinnedEverywhere()
      throws Exception {
    startThree();

    SharnessPeer leader = leaderSeenBy(peers.get(1));
    SharnessPeer follower = peers.stream().filter(p -> p != leader).findFirst().orElseThrow();
    String first = add(follower, "raft acceptance: through a follower");
    for (SharnessPeer p : peers) {
      await().atMost(CONVERGE).until(() -> pinnedOn(p, first));
    }

    leader.kill();
    SharnessPeer survivor = peers.stream().filter(p -> p != leader).toList().getLast();
    String second = add(survivor, "raft acceptance: after the leader died");
    for (SharnessPeer p : peers) {
      if (p != leader) {
        await().atMost(CONVERGE).until(() -> pinnedOn(p, second));
      }
    }

    leader.start();
    for (SharnessPeer p : peers) {
      await().atMost(CONVERGE).until(() -> pinnedOn(p, first) && pinnedOn(p, second));
    }
  }
}
