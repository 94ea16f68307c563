package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole peers with {@code consensus.raft} in this JVM (spec §9.2 peer_manager cases, raft variant):
 * the first bootstraps alone, the others start as staging peers and join through it ({@code daemon
 * --bootstrap}); peers are removed, by another peer or by themselves, and a removed peer shuts
 * down.
 */
@Timeout(180)
class RaftPeerIT {
  private static final String SECRET =
      "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path root;
  private final List<ClusterPeer> peers = new ArrayList<>();
  private final List<Map<String, String>> envs = new ArrayList<>();

  @AfterEach
  void stop() {
    peers.forEach(ClusterPeer::close);
  }

  /** Starts peer {@code i} in {@code root/peer-i}, staging when {@code joining}. */
  private ClusterPeer start(boolean joining) throws IOException {
    int i = peers.size();
    Path dir = root.resolve("peer-" + i);
    Files.createDirectories(dir);
    ServiceConfig.defaults("raft").write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    Map<String, String> env = new HashMap<>();
    env.put("CLUSTER_PEERNAME", "peer-" + i);
    env.put("CLUSTER_SECRET", SECRET);
    env.put("CLUSTER_LISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePortPair());
    env.put("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/0");
    env.put("CLUSTER_IPFSHTTP_NODEMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePortPair());
    env.put("CLUSTER_PEERWATCHINTERVAL", "200ms");
    env.put("CLUSTER_RAFT_HEARTBEATTIMEOUT", "300ms");
    env.put("CLUSTER_RAFT_ELECTIONTIMEOUT", "300ms");
    env.put("CLUSTER_RAFT_LEADERLEASETIMEOUT", "150ms");
    env.put("CLUSTER_RAFT_WAITFORLEADERTIMEOUT", "10s");
    envs.add(env);
    ClusterPeer p = ClusterPeer.start(dir, env, joining);
    peers.add(p);
    return p;
  }

  /** Peer 0 alone, then {@code n - 1} peers joined through it. */
  private void startCluster(int n) throws IOException {
    start(false);
    for (int i = 1; i < n; i++) {
      ClusterPeer p = start(true);
      assertThat(p.join(List.of(peers.get(0).peerAddresses().getFirst()), true)).isOne();
    }
  }

  private static Set<PeerId> consensusPeers(ClusterPeer p) {
    return p.cluster().peers().map(PeerInfo::id).collect(Collectors.toSet());
  }

  private static boolean has(ClusterPeer p, Cid cid) {
    try {
      p.cluster().pinGet(cid);
      return true;
    } catch (ClusterException e) {
      return false;
    }
  }

  private static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  private Set<PeerId> ids(int... indexes) {
    Set<PeerId> out = new HashSet<>();
    for (int i : indexes) {
      out.add(peers.get(i).id());
    }
    return out;
  }

  @Test
  void join_ofStagingPeers_addsThemThroughTheLeader_andPinsReachEveryPeer() throws Exception {
    startCluster(3);

    for (ClusterPeer p : peers) {
      await().atMost(DEADLINE).until(() -> consensusPeers(p).equals(ids(0, 1, 2)));
    }
    peers.get(2).cluster().pin(cid(1), PinOptions.defaults());
    peers.get(0).cluster().pin(cid(2), PinOptions.defaults());
    for (ClusterPeer p : peers) {
      await().atMost(DEADLINE).until(() -> has(p, cid(1)) && has(p, cid(2)));
    }
  }

  @Test
  void peerRemove_ofAnotherPeer_shrinksTheGroup_andTheRemovedPeerShutsDown() throws Exception {
    startCluster(3);
    ClusterPeer removed = peers.get(2);
    await().atMost(DEADLINE).until(() -> consensusPeers(removed).equals(ids(0, 1, 2)));

    peers.get(0).cluster().peerRemove(removed.id());

    await().atMost(DEADLINE).until(removed::hasStopped);
    assertThat(root.resolve("peer-2/raft.old.0")).isDirectory();
    assertThat(root.resolve("peer-2/raft")).doesNotExist();
    for (int i = 0; i < 2; i++) {
      ClusterPeer p = peers.get(i);
      await().atMost(DEADLINE).until(() -> consensusPeers(p).equals(ids(0, 1)));
    }
    peers.get(1).cluster().pin(cid(3), PinOptions.defaults());
    await().atMost(DEADLINE).until(() -> has(peers.get(0), cid(3)));
  }

  @Test
  void peerRemove_whileThePeerIsDown_shutsItDownWhenItComesBack() throws Exception {
    startCluster(3);
    ClusterPeer removed = peers.get(2);
    await().atMost(DEADLINE).until(() -> consensusPeers(removed).equals(ids(0, 1, 2)));
    PeerId removedId = removed.id();
    removed.close();

    peers.get(0).cluster().peerRemove(removedId);
    // It never receives the entry that removed it, and the members refuse its Raft connections.
    ClusterPeer back = ClusterPeer.start(root.resolve("peer-2"), envs.get(2), false);
    peers.set(2, back);

    await().atMost(DEADLINE).until(back::hasStopped);
    assertThat(root.resolve("peer-2/raft.old.0")).isDirectory();
  }

  @Test
  void peerRemove_ofThemselvesOneByOne_leavesTheLastPeer_whichCannotRemoveItself()
      throws Exception {
    startCluster(3);
    for (ClusterPeer p : peers) {
      await().atMost(DEADLINE).until(() -> consensusPeers(p).equals(ids(0, 1, 2)));
    }
    // The leader first (PeerRemoveLeader), then another (PeerRemoveSelf).
    for (int round = 0; round < 2; round++) {
      ClusterPeer leaving = leader();
      leaving.cluster().peerRemove(leaving.id());
      await().atMost(DEADLINE).until(leaving::hasStopped);
    }
    ClusterPeer last = peers.stream().filter(p -> !p.hasStopped()).findFirst().orElseThrow();
    await().atMost(DEADLINE).until(() -> consensusPeers(last).equals(Set.of(last.id())));
    assertThatThrownBy(() -> last.cluster().peerRemove(last.id()))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cannot remove ourselves from a 1-peer cluster");
  }

  /** The running peer whose Raft server leads. */
  private ClusterPeer leader() {
    return await()
        .atMost(DEADLINE)
        .until(
            () ->
                peers.stream()
                    .filter(p -> !p.hasStopped())
                    .filter(p -> isLeader(p))
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  private static boolean isLeader(ClusterPeer p) {
    try {
      return p.consensus().leader().equals(p.id());
    } catch (ClusterException e) {
      return false;
    }
  }

  /** A free loopback port whose Raft port (+2) was free too a moment ago. */
  private static int freePortPair() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = freePort(0);
      if (port + RaftEndpoints.PORT_OFFSET <= 65535
          && freePort(port + RaftEndpoints.PORT_OFFSET) > 0) {
        return port;
      }
    }
    throw new IllegalStateException("no free pair of ports");
  }

  private static int freePort(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      if (port != 0) {
        return -1;
      }
      throw new UncheckedIOException(e);
    }
  }
}
