package io.ipfscluster.consensus.raft;

import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;

/**
 * N Raft peers in one JVM on loopback ports, each with its own datastore and folder, that can be
 * closed and reopened one by one. Not thread-safe; the consensus objects it opens are.
 */
final class RaftCluster implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** One peer: what survives a restart (identity, port, folder) and what it runs now. */
  static final class Member {
    final Identity identity;
    final int port;
    final Path configDir;
    MemoryDatastore store = new MemoryDatastore();
    final List<String> hooks = new CopyOnWriteArrayList<>();

    /** Each put hook as "put NAME replaced NAME|null", each delete as "delete NAME", in order. */
    final List<String> changes = new CopyOnWriteArrayList<>();

    /** Runs at the start of every hook call of this member (a test may block it there). */
    volatile Runnable beforeHook = () -> {};

    /** The cluster secret it starts with (empty: open network). */
    byte[] secret;

    /** Adjusts its config after the cluster's {@code tune}. */
    UnaryOperator<RaftConfig> tune = c -> c;

    /** Adjusts its Ratis transport parameters (a {@link RaftPartition} hooks in here). */
    Consumer<Parameters> transport = p -> {};

    RaftConsensus consensus;

    Member(Identity identity, int port, Path configDir) {
      this.identity = identity;
      this.port = port;
      this.configDir = configDir;
    }

    PeerId id() {
      return identity.peerId();
    }

    boolean running() {
      return consensus != null;
    }
  }

  private final Map<PeerId, String> addresses = new ConcurrentHashMap<>();
  private final List<Member> members = new ArrayList<>();
  private final UnaryOperator<RaftConfig> tune;
  private final byte[] secret;
  private Consumer<RaftProperties> ratisTweak = p -> {};

  /** {@code size} members with the test secret; {@code tune} adjusts the fast test config. */
  RaftCluster(Path root, int size, UnaryOperator<RaftConfig> tune) {
    this(root, size, RaftTestPeers.SECRET, tune);
  }

  /** {@code size} members with the cluster secret {@code secret} (empty: open network). */
  RaftCluster(Path root, int size, byte[] secret, UnaryOperator<RaftConfig> tune) {
    this.tune = tune;
    this.secret = secret;
    for (int i = 0; i < size; i++) {
      add(root, i);
    }
  }

  Member add(Path root, int i) {
    Member m =
        new Member(
            RaftTestPeers.identity(100 + i), RaftTestPeers.freePort(), root.resolve("peer" + i));
    m.secret = secret;
    addresses.put(m.id(), "127.0.0.1:" + m.port);
    members.add(m);
    return m;
  }

  /** Adjusts the Ratis settings of the members started from now on. */
  void ratisProperties(Consumer<RaftProperties> tweak) {
    this.ratisTweak = tweak;
  }

  List<Member> members() {
    return members;
  }

  Member member(int i) {
    return members.get(i);
  }

  /** Starts {@code m} with every member in {@code init_peerset}, or as a staging peer. */
  RaftConsensus start(Member m, boolean staging) {
    List<String> peerset =
        staging ? List.of() : members.stream().map(x -> x.id().toString()).toList();
    m.consensus =
        RaftConsensus.builder(
                m.store,
                m.identity,
                m.tune.apply(tune.apply(RaftTestPeers.fastConfig(peerset))),
                m.configDir)
            .addresses(peer -> Optional.ofNullable(addresses.get(peer)))
            .tls(PeerTls.create(m.identity, m.secret))
            .staging(staging)
            .ratisProperties(ratisTweak)
            .ratisParameters(m.transport)
            .changeHooks(
                (Pin p, Pin replaced) -> {
                  m.beforeHook.run();
                  m.hooks.add("put " + p.cid());
                  m.changes.add(
                      "put "
                          + p.options().name()
                          + " replaced "
                          + (replaced == null ? "null" : replaced.options().name()));
                },
                (Cid c) -> {
                  m.beforeHook.run();
                  m.hooks.add("delete " + c);
                  m.changes.add("delete " + c);
                })
            .build();
    return m.consensus;
  }

  void startAll() {
    members.forEach(m -> start(m, false));
  }

  void stop(Member m) {
    if (m.consensus != null) {
      m.consensus.close();
      m.consensus = null;
    }
  }

  /** The running member that every running member agrees is the leader. */
  Member awaitLeader() {
    return await()
        .atMost(DEADLINE)
        .ignoreExceptions()
        .until(this::agreedLeader, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<Member> agreedLeader() {
    PeerId leader = null;
    for (Member m : members) {
      if (!m.running()) {
        continue;
      }
      PeerId l = m.consensus.leader();
      if (leader != null && !leader.equals(l)) {
        return Optional.empty();
      }
      leader = l;
    }
    PeerId found = leader;
    return members.stream().filter(m -> m.running() && m.id().equals(found)).findFirst();
  }

  Member aFollower(Member leader) {
    return members.stream().filter(m -> m.running() && m != leader).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    members.forEach(this::stop);
  }
}
