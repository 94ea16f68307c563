package io.ipfscluster.consensus.crdt.sync;

import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.crdt.BlockFetcher;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.HeadAnnouncement;
import io.ipfscluster.consensus.crdt.HeadAnnouncer;
import io.ipfscluster.consensus.crdt.InvalidBlockException;
import io.ipfscluster.consensus.crdt.VersionVector;
import io.ipfscluster.consensus.crdt.WriterId;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipMessage;
import io.ipfscluster.net.gossip.PubSub;
import io.ipfscluster.net.gossip.Subscription;
import io.ipfscluster.net.gossip.ValidationResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates a {@link CrdtConsensus} among the cluster peers over gossip and RPC (spec §8.7).
 *
 * <ul>
 *   <li><b>Announcing.</b> As the consensus's {@link HeadAnnouncer}, it publishes the heads of each
 *       commit on the cluster's {@link CrdtTopic}, the latest only when commits outpace publishing,
 *       and the current heads again every {@code rebroadcast_interval} (±10 %): after 1 s, 2 s, 4
 *       s… at first, until another peer is heard.
 *   <li><b>Trust.</b> The topic's validator rejects messages whose signer the consensus does not
 *       trust, and messages that do not decode, so neither is delivered nor forwarded.
 *   <li><b>Syncing.</b> An announcement of another peer queues a sync from it on one worker, one
 *       waiting per sender, the latest announcement winning ({@code CoalescingQueue}); a sync that
 *       can change nothing is skipped. A peer that announces fewer blocks than this one has is
 *       answered with this peer's heads at once (at most once a second), so a restarted peer need
 *       not wait for the next rebroadcast. Blocks are fetched with the {@link BlockFetcher} (the
 *       peer RPC), verified and merged by {@link CrdtConsensus#sync}.
 *   <li><b>Divergence and repair.</b> An announcement with this replica's version vector and heads
 *       but another state digest is logged as a divergence. Every {@code repair_interval} (unless
 *       0), if blocks are pending or the state diverged, it syncs again from every peer it heard.
 * </ul>
 *
 * <p>Thread-safe. {@link #close} stops the timer and the worker, and leaves the topic.
 */
public final class CrdtBroadcaster implements HeadAnnouncer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrdtBroadcaster.class);

  /** Syncs that merge this many blocks or more are logged at INFO, the others at DEBUG. */
  static final int CATCH_UP_BLOCKS = 100;

  /**
   * Syncs running at once. One: syncs from different senders mostly want the same blocks, and two
   * at once would fetch and verify them twice; a sender that does not answer holds the others back
   * for the fetch timeout at most.
   */
  static final int WORKERS = 1;

  /** Senders remembered, and syncs waiting, at most. */
  static final int MAX_PEERS = 1024;

  /**
   * The first rebroadcast comes this long after the start; while no other peer has been heard, the
   * delay doubles at each rebroadcast until it reaches {@code rebroadcast_interval}.
   */
  static final Duration FIRST_REBROADCAST = Duration.ofSeconds(1);

  /** How often, at most, heads are announced to peers that announced fewer blocks. */
  static final Duration HELP_INTERVAL = Duration.ofSeconds(1);

  private final CrdtConsensus consensus;
  private final PubSub pubsub;
  private final BlockFetcher fetcher;
  private final PeerId self;
  private final String logId;
  private final String topic;
  private final ScheduledThreadPoolExecutor timer;
  private final CoalescingQueue<PeerId, HeadAnnouncement> syncs;
  private final Map<PeerId, HeadAnnouncement> heard = new ConcurrentHashMap<>();
  private final AtomicReference<HeadAnnouncement> toPublish = new AtomicReference<>();
  private final AtomicBoolean publishQueued = new AtomicBoolean();
  private final AtomicLong divergences = new AtomicLong();
  private final AtomicLong merged = new AtomicLong();
  private final AtomicLong lastHelp = new AtomicLong(System.nanoTime() - HELP_INTERVAL.toNanos());
  private final Subscription subscription;
  private final Duration rebroadcast;
  private Duration earlyRebroadcast = FIRST_REBROADCAST; // on the timer thread only
  private volatile boolean diverged;
  private volatile boolean closed;

  private CrdtBroadcaster(
      CrdtConsensus consensus, PubSub pubsub, BlockFetcher fetcher, PeerId self, CrdtConfig c) {
    this.consensus = consensus;
    this.pubsub = pubsub;
    this.fetcher = fetcher;
    this.self = self;
    this.logId = self.shortString();
    this.topic = CrdtTopic.of(c.clusterName());
    this.rebroadcast = c.rebroadcastInterval();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name(logId + "-crdt-broadcast").factory());
    timer.setRemoveOnCancelPolicy(true);
    this.syncs =
        new CoalescingQueue<>(
            MAX_PEERS,
            WORKERS,
            Thread.ofVirtual().name(logId + "-crdt-sync-", 0).factory(),
            this::sync);
    pubsub.setValidator(topic, this::validate);
    this.subscription = pubsub.subscribe(topic, this::onMessage);
    scheduleRebroadcast(jittered(min(FIRST_REBROADCAST, rebroadcast)));
    if (!c.repairInterval().isZero()) {
      long every = c.repairInterval().toMillis();
      timer.scheduleWithFixedDelay(this::repair, every, every, TimeUnit.MILLISECONDS);
    }
    log.info(
        "{} CRDT heads on topic {}; rebroadcast every {}, repair every {}",
        logId,
        topic,
        rebroadcast,
        c.repairInterval().isZero() ? "never" : c.repairInterval());
  }

  /**
   * Starts replicating {@code consensus} (the consensus of peer {@code self}) on {@code pubsub}, as
   * {@code config} says (cluster name, intervals), fetching blocks with {@code fetcher}. Pass this
   * as the consensus's announcer.
   */
  public static CrdtBroadcaster start(
      CrdtConsensus consensus,
      PubSub pubsub,
      BlockFetcher fetcher,
      PeerId self,
      CrdtConfig config) {
    return new CrdtBroadcaster(consensus, pubsub, fetcher, self, config);
  }

  /** The topic the heads go on. */
  public String topic() {
    return topic;
  }

  /** How many announcements showed a divergence (same vector and heads, another digest). */
  public long divergences() {
    return divergences.get();
  }

  /** How many blocks syncs merged. */
  public long mergedBlocks() {
    return merged.get();
  }

  /** Publishes {@code announcement} soon, unless a later one replaces it first. Never blocks. */
  @Override
  public void announce(HeadAnnouncement announcement) {
    toPublish.accumulateAndGet(announcement, (earlier, later) -> later.carryingBlocksOf(earlier));
    if (publishQueued.compareAndSet(false, true)) {
      try {
        timer.execute(this::publishLatest);
      } catch (RejectedExecutionException e) {
        publishQueued.set(false); // closed
      }
    }
  }

  private void publishLatest() {
    publishQueued.set(false);
    HeadAnnouncement a = toPublish.getAndSet(null);
    if (a != null) {
      publish(a);
    }
  }

  private void publish(HeadAnnouncement a) {
    try {
      pubsub.publish(topic, HeadsCodec.encode(a));
    } catch (RuntimeException e) {
      log.warn("{} cannot announce CRDT heads: {}", logId, e.toString());
    }
  }

  private void scheduleRebroadcast(Duration delay) {
    try {
      timer.schedule(this::rebroadcast, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void rebroadcast() {
    try {
      // Even without heads: peers that have some then announce theirs (see helpBehind).
      publish(consensus.currentHeads());
    } catch (RuntimeException e) {
      log.warn("{} cannot rebroadcast CRDT heads: {}", logId, e.toString());
    } finally {
      if (!closed) {
        scheduleRebroadcast(jittered(nextRebroadcast()));
      }
    }
  }

  /**
   * The delay to the next rebroadcast: {@code rebroadcast_interval}, or shorter while no other peer
   * has been heard. A peer that starts joining a cluster often announces before its gossip links
   * are up; the early rebroadcasts reach its peers once they are, and those that hold more blocks
   * answer with their heads at once (see helpBehind), so that the new peer starts its sync within
   * seconds rather than at the others' next rebroadcast.
   */
  private Duration nextRebroadcast() {
    if (!heard.isEmpty()) {
      return rebroadcast;
    }
    earlyRebroadcast = min(earlyRebroadcast.multipliedBy(2), rebroadcast);
    return earlyRebroadcast;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration jittered(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms - ms / 10 + ThreadLocalRandom.current().nextLong(ms / 5 + 1));
  }

  private ValidationResult validate(PeerId source, GossipMessage m) {
    if (!consensus.isTrustedPeer(m.from())) {
      log.debug("{} dropped CRDT heads of untrusted peer {}", logId, m.from());
      return ValidationResult.REJECT;
    }
    try {
      HeadsCodec.decode(m.from(), m.data());
      return ValidationResult.ACCEPT;
    } catch (MalformedHeadsException e) {
      log.warn(
          "{} dropped CRDT heads from {} (via {}): {}", logId, m.from(), source, e.getMessage());
      return ValidationResult.REJECT;
    }
  }

  private void onMessage(GossipMessage m) {
    if (m.from().equals(self) || closed) {
      return;
    }
    HeadAnnouncement a;
    try {
      a = HeadsCodec.decode(m.from(), m.data());
    } catch (MalformedHeadsException e) {
      log.warn("{} dropped CRDT heads from {}: {}", logId, m.from(), e.getMessage());
      return;
    }
    if (heard.size() < MAX_PEERS || heard.containsKey(a.sender())) {
      heard.put(a.sender(), a);
    }
    if (!syncs.offer(a.sender(), a, HeadAnnouncement::carryingBlocksOf)) {
      log.debug("{} too many CRDT syncs waiting; dropped the heads of {}", logId, a.sender());
    }
  }

  /** Syncs from the sender of {@code a} if that can change anything, then compares digests. */
  private void sync(PeerId sender, HeadAnnouncement a) {
    if (consensus.needsSync(a)) {
      long start = System.nanoTime();
      try {
        int n = consensus.sync(a, fetcher);
        merged.addAndGet(n);
        if (n > 0) {
          long ms = (System.nanoTime() - start) / 1_000_000;
          if (n >= CATCH_UP_BLOCKS) {
            log.info("{} caught up: merged {} CRDT blocks from {} in {} ms", logId, n, sender, ms);
          } else {
            log.debug("{} merged {} CRDT block(s) from {} in {} ms", logId, n, sender, ms);
          }
        }
      } catch (InvalidBlockException e) {
        log.warn("{} CRDT sync from {} stopped: {}", logId, sender.shortString(), e.getMessage());
      }
    }
    compare(a);
  }

  private void compare(HeadAnnouncement theirs) {
    HeadAnnouncement mine = consensus.currentHeads();
    if (!covers(theirs.versionVector(), mine.versionVector())) {
      helpBehind(theirs.sender());
      return;
    }
    if (!mine.versionVector().equals(theirs.versionVector())
        || !mine.heads().equals(theirs.heads())) {
      return;
    }
    if (mine.stateDigest().equals(theirs.stateDigest())) {
      diverged = false;
      return;
    }
    divergences.incrementAndGet();
    diverged = true;
    log.warn(
        "{} CRDT state DIVERGES from {}: same version vector and heads, but state digest {} here"
            + " and {} there; repair every repair_interval",
        logId,
        theirs.sender().shortString(),
        mine.stateDigest(),
        theirs.stateDigest());
  }

  /** Whether {@code a} holds every block {@code b} holds below its entries. */
  private static boolean covers(VersionVector a, VersionVector b) {
    for (Map.Entry<WriterId, Long> e : b.entries().entrySet()) {
      if (a.get(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Announces this peer's heads now to a peer that announced fewer blocks (one restarted, say),
   * rather than at the next rebroadcast; at most once per {@link #HELP_INTERVAL}.
   */
  private void helpBehind(PeerId sender) {
    long now = System.nanoTime();
    long last = lastHelp.get();
    if (now - last >= HELP_INTERVAL.toNanos() && lastHelp.compareAndSet(last, now)) {
      log.debug("{} {} lacks CRDT blocks this peer has: announcing the heads", logId, sender);
      announce(consensus.currentHeads());
    }
  }

  private void repair() {
    if (!syncs.idle()) {
      return; // blocks are pending while a sync fetches their parents
    }
    try {
      long pending = consensus.info().pending();
      if (pending == 0 && !diverged) {
        return;
      }
      List<HeadAnnouncement> peers = List.copyOf(heard.values());
      log.info(
          "{} CRDT repair: {} block(s) pending{}; syncing again from {} peer(s)",
          logId,
          pending,
          diverged ? ", state diverged" : "",
          peers.size());
      peers.forEach(a -> syncs.offer(a.sender(), a));
    } catch (RuntimeException e) {
      log.warn("{} CRDT repair failed: {}", logId, e.toString());
    }
  }

  /** Stops announcing and syncing; a sync in progress is interrupted. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    subscription.close();
    timer.shutdownNow();
    syncs.close();
  }
}
