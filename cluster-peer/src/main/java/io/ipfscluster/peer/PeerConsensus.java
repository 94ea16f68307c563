package io.ipfscluster.peer;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.HeadAnnouncer;
import io.ipfscluster.consensus.crdt.sync.CrdtBroadcaster;
import io.ipfscluster.consensus.raft.RaftConsensus;
import io.ipfscluster.consensus.raft.RaftFolder;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.monitor.PeerMonitor;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.rpc.RpcBlockFetcher;
import io.ipfscluster.net.tls.PeerTls;
import io.ipfscluster.pintracker.StatelessPinTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a peer's consensus from its configuration: the CRDT of {@code consensus.crdt} (replicated
 * over the peer network once it runs, {@link #startCrdtSync}) or the Raft group of {@code
 * consensus.raft}, with the pin tracker's hooks. Part of the composition root ({@link
 * ClusterPeer}); stateless.
 */
final class PeerConsensus {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  /** How long another peer may take to send the CRDT blocks of one fetch. */
  static final Duration CRDT_FETCH_TIMEOUT = Duration.ofSeconds(30);

  private PeerConsensus() {}

  /**
   * The consensus of {@code config}: hooks reach the tracker, and the CRDT peerset the monitor,
   * once they are set; CRDT commits are announced through {@code announcer} once sync starts.
   *
   * @throws ClusterException FAILED for a CRDT peer that was removed from the cluster
   */
  static Consensus open(
      ServiceConfig config,
      Path configDir,
      boolean joining,
      Datastore datastore,
      Identity identity,
      AtomicReference<StatelessPinTracker> tracker,
      AtomicReference<PeerNetwork> network,
      AtomicReference<PeerMonitor> monitor,
      AtomicReference<HeadAnnouncer> announcer,
      String logId)
      throws IOException {
    if (config.consensus() instanceof RaftConfig raft) {
      return raft(
          raft, config.cluster(), configDir, joining, datastore, identity, tracker, network, logId);
    }
    if (!(config.consensus() instanceof CrdtConfig crdt)) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "consensus." + config.consensus().key() + " is not supported; use crdt or raft");
    }
    // The tracker is built after the consensus (it reads its pinset); hooks reach it once set.
    CrdtConsensus consensus =
        CrdtConsensus.builder(datastore, identity, crdt)
            .announcer(a -> announcer.get().announce(a))
            .peerset(
                () -> {
                  // As the original: the peers with a valid peerset_metric (ping) metric.
                  PeerMonitor m = monitor.get();
                  return m == null ? List.of() : m.peersWith(crdt.peersetMetric());
                })
            .knownPeers(
                peer -> {
                  // A peer that is down can be removed: any peer the monitor or network knows.
                  PeerMonitor m = monitor.get();
                  PeerNetwork n = network.get();
                  return (m != null && m.latestForPeer(crdt.peersetMetric(), peer).isPresent())
                      || (n != null && n.peers().contains(peer));
                })
            .changeHooks(
                (pin, replaced) -> {
                  try {
                    tracker.get().track(pin, replaced);
                  } catch (RuntimeException e) {
                    log.error("{} cannot track {}: {}", logId, pin, e.getMessage());
                  }
                },
                guarded(cid -> tracker.get().untrack(cid), "untrack", logId))
            .build();
    if (consensus.isRemoved(identity.peerId())) {
      consensus.close();
      throw new ClusterException(
          ClusterException.Kind.FAILED,
          "this peer ("
              + identity.peerId()
              + ") was removed from the cluster and cannot rejoin it: start a new peer, with a"
              + " new identity, to join again");
    }
    return consensus;
  }

  /**
   * Replicates a CRDT consensus over the peer network (spec §8.7): heads announced on gossip,
   * blocks fetched over RPC. Commits made before this point are announced by the first rebroadcast.
   */
  static void startCrdtSync(
      Consensus consensus,
      PeerNetwork net,
      ServiceConfig config,
      Identity identity,
      AtomicReference<HeadAnnouncer> announcer,
      Deque<AutoCloseable> resources) {
    if (consensus instanceof CrdtConsensus crdt && config.consensus() instanceof CrdtConfig c) {
      CrdtBroadcaster broadcaster =
          CrdtBroadcaster.start(
              crdt,
              net.pubsub(),
              new RpcBlockFetcher(net::channel, CRDT_FETCH_TIMEOUT),
              identity.peerId(),
              c);
      resources.push(broadcaster);
      announcer.set(broadcaster);
    }
  }

  /**
   * The Raft consensus of {@code consensus.raft}: its server listens on the host of the first TCP
   * {@code cluster.listen_multiaddress} at that port plus {@value RaftEndpoints#PORT_OFFSET}, other
   * peers' Raft endpoints follow from their peer-network addresses ({@link RaftEndpoints}), and
   * Raft's TLS is the peer network's (same identity, same secret). A {@code joining} peer moves its
   * old Raft data aside and starts staging.
   */
  private static Consensus raft(
      RaftConfig raft,
      ClusterConfig cc,
      Path configDir,
      boolean joining,
      Datastore datastore,
      Identity identity,
      AtomicReference<StatelessPinTracker> tracker,
      AtomicReference<PeerNetwork> network,
      String logId)
      throws IOException {
    RaftEndpoints endpoints = RaftEndpoints.of(cc, configDir, identity.peerId(), network::get);
    if (joining && RaftFolder.backUp(raft, configDir)) {
      log.info(
          "{} joining: the old Raft data was moved aside to {}.old.0",
          logId,
          raft.dataFolder(configDir));
    }
    return RaftConsensus.builder(datastore, identity, raft, configDir)
        .addresses(endpoints)
        .tls(PeerTls.create(identity, cc.secretBytes()))
        .bindHost(RaftEndpoints.bindAddress(cc).getAddress().getHostAddress())
        .staging(joining)
        .changeHooks(
            (pin, replaced) -> {
              try {
                tracker.get().track(pin, replaced);
              } catch (RuntimeException e) {
                log.error("{} cannot track {}: {}", logId, pin, e.getMessage());
              }
            },
            guarded(cid -> tracker.get().untrack(cid), "untrack", logId))
        .build();
  }

  /**
   * {@code action}, with its failure logged rather than thrown (a consensus hook must not throw).
   */
  private static <T> Consumer<T> guarded(Consumer<T> action, String what, String logId) {
    return value -> {
      try {
        action.accept(value);
      } catch (RuntimeException e) {
        log.error("{} cannot {} {}: {}", logId, what, value, e.getMessage());
      }
    };
  }
}
