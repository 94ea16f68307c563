package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A {@code kill -9} of the leader while clients pin through the followers loses no acknowledged
 * pin.
 */
@Timeout(420)
class RaftDistIT {
  private static final String SECRET =
      "4f1c2a8e5d7b9036a1c3e5f7092b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a2c4e6b";
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Pattern LEADER = Pattern.compile("Raft leader is now (\\w+)");

  @TempDir Path root;
  private final List<SharnessPeer> peers = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

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

  /** An identity CID (the node needs no block to pin it) for pin {@code i} of this test. */
  private static String identityCid(int i) {
    byte[] data = ("raft-dist-" + i).getBytes(StandardCharsets.US_ASCII);
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.IDENTITY, data)).toString();
  }

  /** {@code POST /pins/{cid}} on {@code p}'s REST API; true when the peer acknowledged it (200). */
  private boolean pinOverRest(SharnessPeer p, String cid) {
    try {
      String[] api = p.restHost().split("/");
      URI uri = URI.create("http://" + api[2] + ":" + api[4] + "/pins/" + cid);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false; // not acknowledged: it may or may not be in the pinset
    }
  }

  /** The CIDs of {@code p}'s pinset ({@code ctl pin ls}). */
  private static Set<String> pinset(SharnessPeer p) throws Exception {
    Set<String> cids = new HashSet<>();
    for (JsonNode pin : p.ctlJson("pin", "ls")) {
      cids.add(pin.path("cid").asText());
    }
    return cids;
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

  @Test
  void killLeaderDuringIngestion_writesResumeThroughFollowers_andNoAcknowledgedPinIsLost()
      throws Exception {
    startThree();
    SharnessPeer leader = leaderSeenBy(peers.get(1));
    List<SharnessPeer> followers = peers.stream().filter(p -> p != leader).toList();

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      SharnessPeer through = followers.get(w % followers.size());
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get()) {
                      String cid = identityCid(next.getAndIncrement());
                      if (pinOverRest(through, cid)) {
                        acknowledged.add(cid);
                      }
                    }
                  }));
    }
    await().atMost(CONVERGE).until(() -> acknowledged.size() >= 200);

    leader.kill(); // kill -9 while the clients keep pinning
    int atKill = acknowledged.size();
    await().atMost(CONVERGE).until(() -> acknowledged.size() >= atKill + 200);
    stop.set(true);
    for (Thread t : clients) {
      t.join();
    }

    for (SharnessPeer p : followers) {
      await().atMost(CONVERGE).until(() -> pinset(p).containsAll(acknowledged));
    }
    leader.start();
    await().atMost(CONVERGE).until(() -> pinset(leader).containsAll(acknowledged));
  }
}
