package io.ipfscluster.peer;

import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whole peers with {@code consensus.raft} in this JVM, as {@code daemon} starts them: the first
 * bootstraps the Raft group alone, the others start as staging peers and join through it ({@code
 * daemon --bootstrap}). Short Raft timeouts, pings and metric TTLs suit tests; {@code extraEnv}
 * overrides more keys.
 *
 * <p>Not thread-safe: one test drives it. {@link #close} stops every peer still running.
 */
final class RaftPeerSet implements AutoCloseable {
  static final String SECRET = "2588b80d5cb05374fa142aed6cbb047d1f4ef8ef15e37eba68c65b9d30df67ed";
  static final Duration DEADLINE = Duration.ofSeconds(45);

  private final Path root;
  private final Map<String, String> extraEnv;
  private final List<ClusterPeer> peers = new ArrayList<>();
  private final List<Map<String, String>> envs = new ArrayList<>();

  RaftPeerSet(Path root, Map<String, String> extraEnv) {
    this.root = root;
    this.extraEnv = Map.copyOf(extraEnv);
  }

  /** Peer 0 alone, then {@code n - 1} peers joined through it; waits until all list all. */
  void startCluster(int n) throws IOException {
    start(false);
    for (int i = 1; i < n; i++) {
      start(true);
      if (join(i, 0) != 1) {
        throw new IllegalStateException("peer-" + i + " could not join peer-0");
      }
    }
    Set<PeerId> all = ids(n);
    for (ClusterPeer p : peers) {
      await().atMost(DEADLINE).until(() -> consensusPeers(p).equals(all));
    }
  }

  /** Starts peer {@code size()} in {@code root/peer-i}, staging when {@code joining}. */
  ClusterPeer start(boolean joining) throws IOException {
    int i = peers.size();
    Path dir = folder(i);
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
    env.putAll(PeerHarness.SHORT_METRICS);
    env.put("CLUSTER_RAFT_HEARTBEATTIMEOUT", "300ms");
    env.put("CLUSTER_RAFT_ELECTIONTIMEOUT", "300ms");
    env.put("CLUSTER_RAFT_LEADERLEASETIMEOUT", "150ms");
    env.put("CLUSTER_RAFT_WAITFORLEADERTIMEOUT", "10s");
    env.putAll(extraEnv);
    envs.add(env);
    ClusterPeer p = ClusterPeer.start(dir, env, joining);
    peers.add(p);
    return p;
  }

  /** Starts the stopped peer {@code i} again from its folder (not joining). */
  ClusterPeer restart(int i) throws IOException {
    peers.get(i).close();
    ClusterPeer p = ClusterPeer.start(folder(i), envs.get(i), false);
    peers.set(i, p);
    return p;
  }

  /** Joins peer {@code i} through peer {@code through}; returns how many peers it joined. */
  int join(int i, int through) {
    return peer(i).join(List.of(peer(through).peerAddresses().getFirst()), true);
  }

  ClusterPeer peer(int i) {
    return peers.get(i);
  }

  PeerId id(int i) {
    return peers.get(i).id();
  }

  Path folder(int i) {
    return root.resolve("peer-" + i);
  }

  /** The IDs of peers {@code 0..n-1}. */
  Set<PeerId> ids(int n) {
    return peers.subList(0, n).stream().map(ClusterPeer::id).collect(Collectors.toSet());
  }

  /** The Raft voters {@code p} lists ({@code peers ls}). */
  static Set<PeerId> consensusPeers(ClusterPeer p) {
    try (Stream<PeerInfo> s = p.cluster().peers()) {
      return s.map(PeerInfo::id).collect(Collectors.toSet());
    }
  }

  /** The running peer whose Raft server leads, once one does. */
  ClusterPeer leader() {
    return await()
        .atMost(DEADLINE)
        .until(
            () -> peers.stream().filter(p -> !p.hasStopped() && isLeader(p)).findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  private static boolean isLeader(ClusterPeer p) {
    try {
      return p.consensus().leader().equals(p.id());
    } catch (ClusterException e) {
      return false;
    }
  }

  /** A running peer other than the leader. */
  ClusterPeer follower() {
    ClusterPeer leader = leader();
    return peers.stream().filter(p -> p != leader && !p.hasStopped()).findFirst().orElseThrow();
  }

  /**
   * Adds {@code data} as one file to the IPFS node of peer {@code i} only ({@code /add} with {@code
   * local=true&no-pin=true}): nothing is pinned, the other nodes do not have it.
   */
  Cid addToNode(int i, byte[] data) throws IOException {
    return PeerHarness.addToNode(peer(i), data);
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

  @Override
  public void close() {
    peers.forEach(ClusterPeer::close);
  }
}
