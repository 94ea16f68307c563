package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.PinCodec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Merkle-CRDT {@link Consensus} (spec §8.7): every commit is a signed block stored in the
 * peer's datastore and linked to the previous heads; the pinset is derived from the merged blocks.
 *
 * <p><b>Writes.</b> {@link #logPin} and {@link #logUnpin} go through a group commit (see {@code
 * GroupCommitter}): one thread takes the queued operations, keeps the last per CID, writes the
 * block and merges it in one fsynced datastore batch, calls the hooks, and only then returns to
 * every caller of the batch. A call that returned therefore survives {@code kill -9}; a batch still
 * queued at {@link #close()} is committed first.
 *
 * <p><b>Hooks.</b> After each commit (local, or of blocks received from others) the put hook gets
 * every pin whose winner changed and the delete hook every CID that left the pinset, in commit
 * order and before the writers return; wire them to {@code PinTracker::track} and {@code
 * PinTracker::untrack}. Hooks run on the committing thread: they must not block, and must not call
 * {@code logPin} or {@code logUnpin} (that call would wait for the thread running the hook).
 *
 * <p><b>Network.</b> After a local commit the {@link HeadAnnouncer} gets the new heads. The
 * receiving side is {@link #sync}: given an announcement and a {@link BlockFetcher}, it fetches,
 * verifies and merges what this replica lacks. {@link #block} serves blocks to other peers.
 *
 * <p><b>Trust.</b> Blocks are accepted from trusted authors only: this peer, the peers of {@code
 * trusted_peers} and of {@link #trust}, or everyone when {@code "*"} is listed.
 *
 * <p><b>Removal.</b> {@link #removePeer} (design §10) writes a {@link RemovalRecord} into the
 * pinset's blocks, so every replica learns it, also one that was offline then, and so does the
 * removed peer itself. From then on the removed peer is not trusted, whatever {@code trusted_peers}
 * says ({@link #isTrustedPeer}: its head announcements are dropped and its RPC calls to trusted
 * methods refused), is not in {@link #peers}, and the listeners of {@link #onPeerRemoved} hear of
 * it (the peer moves its pins, blocks it on the network, or shuts down when it is the one removed).
 * Trust and removals are kept by {@code Membership}; see the note there on the blocks it wrote.
 *
 * <p>Thread-safe. {@code close()} is idempotent and does not close the datastore.
 */
public final class CrdtConsensus implements Consensus {
  private static final Logger log = LoggerFactory.getLogger(CrdtConsensus.class);

  /** The original's error of {@link #leader()}. */
  static final String NO_LEADER = "crdt consensus component does not provide a leader";

  /**
   * The largest encoded pin accepted: half a block, leaving the rest of the block for its parents
   * and for the pins it shares the block with.
   */
  public static final int MAX_PIN_BYTES = BlockCodec.MAX_BLOCK_BYTES / 2;

  private final CrdtReplica replica;
  private final PeerId self;
  private final String logId;
  private final Membership members;
  private final InstantSource clock;
  private final BiConsumer<Pin, Pin> onPut;
  private final Consumer<Cid> onDelete;
  private final HeadAnnouncer announcer;
  private final ScheduledThreadPoolExecutor ownTimer;
  private final GroupCommitter committer;
  private final Object writes = new Object(); // orders commits and their hook calls
  private final AtomicBoolean closed = new AtomicBoolean();

  private CrdtConsensus(Builder b) {
    this.replica = CrdtReplica.open(b.datastore, b.identity);
    this.self = b.identity.peerId();
    this.logId = self.shortString();
    this.members =
        new Membership(
            self,
            b.config.trustAll(),
            b.config.trustedPeers(),
            replica.removedPeers(),
            b.others,
            b.known);
    this.onPut = b.onPut;
    this.onDelete = b.onDelete;
    this.announcer = b.announcer;
    this.clock = b.clock;
    Scheduler scheduler = b.scheduler;
    if (scheduler == null && b.config.batching().enabled()) {
      ownTimer =
          new ScheduledThreadPoolExecutor(
              1, Thread.ofPlatform().daemon().name("crdt-batch-timer-" + logId).factory());
      ownTimer.setRemoveOnCancelPolicy(true);
      scheduler = Scheduler.of(ownTimer);
    } else {
      ownTimer = null;
    }
    this.committer =
        new GroupCommitter(
            b.config.batching(),
            scheduler == null ? (task, delay) -> () -> {} : scheduler,
            b.threads,
            this::commit,
            logId);
    ReplicaInfo info = replica.info();
    log.info(
        "{} CRDT consensus ready: {} pins, {} heads, generation {}; batching {}{}",
        logId,
        info.pins(),
        info.heads().size(),
        info.generation(),
        b.config.batching().enabled()
            ? b.config.batching().maxBatchSize() + " items / " + b.config.batching().maxBatchAge()
            : "off (group commit only)",
        members.trustAll() ? "; trust all: any peer in the cluster can modify the pinset" : "");
  }

  /**
   * Starts building the consensus of the peer {@code identity}, keeping its replica in {@code
   * datastore} (the peer's whole datastore: it uses the CRDT key spaces of {@link
   * io.ipfscluster.datastore.KeySpace}).
   */
  public static Builder builder(Datastore datastore, Identity identity, CrdtConfig config) {
    return new Builder(datastore, identity, config);
  }

  /** Options of a {@link CrdtConsensus}. Not thread-safe; build once. */
  public static final class Builder {
    private final Datastore datastore;
    private final Identity identity;
    private final CrdtConfig config;
    private BiConsumer<Pin, Pin> onPut = (pin, replaced) -> {};
    private Consumer<Cid> onDelete = cid -> {};
    private HeadAnnouncer announcer = HeadAnnouncer.NONE;
    private Supplier<List<PeerId>> others = List::of;
    private Predicate<PeerId> known = peer -> false;
    private InstantSource clock = InstantSource.system();
    private ThreadFactory threads;
    private Scheduler scheduler;

    private Builder(Datastore datastore, Identity identity, CrdtConfig config) {
      this.datastore = Objects.requireNonNull(datastore, "datastore");
      this.identity = Objects.requireNonNull(identity, "identity");
      this.config = Objects.requireNonNull(config, "config");
      this.threads =
          Thread.ofPlatform()
              .daemon()
              .name("crdt-commit-" + identity.peerId().shortString())
              .factory();
    }

    /** The put and delete hooks: usually {@code tracker::track} and {@code tracker::untrack}. */
    public Builder hooks(Consumer<Pin> onPut, Consumer<Cid> onDelete) {
      Objects.requireNonNull(onPut, "onPut");
      return changeHooks((pin, replaced) -> onPut.accept(pin), onDelete);
    }

    /**
     * As {@link #hooks}, the put hook also getting the pin that the new one replaced, or null when
     * the CID was not in the pinset before the commit (a peer catching up on a large pinset learns
     * that most pins are new to it without asking anything).
     */
    public Builder changeHooks(BiConsumer<Pin, Pin> onPut, Consumer<Cid> onDelete) {
      this.onPut = Objects.requireNonNull(onPut, "onPut");
      this.onDelete = Objects.requireNonNull(onDelete, "onDelete");
      return this;
    }

    /** Where new heads are announced (default: nowhere). */
    public Builder announcer(HeadAnnouncer announcer) {
      this.announcer = Objects.requireNonNull(announcer, "announcer");
      return this;
    }

    /**
     * The other peers of the peerset (default: none): as in the original, the peers with a valid
     * {@code peerset_metric} metric in the peer monitor.
     */
    public Builder peerset(Supplier<List<PeerId>> others) {
      this.others = Objects.requireNonNull(others, "others");
      return this;
    }

    /**
     * Which peers {@link #removePeer} may remove besides those of the peerset and the trusted ones
     * (default: none): usually the peers the peer monitor or the peer network ever heard of, so
     * that a peer that is down can be removed.
     */
    public Builder knownPeers(Predicate<PeerId> known) {
      this.known = Objects.requireNonNull(known, "known");
      return this;
    }

    /** The clock that dates removal records (default: the system's). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Makes the committing thread (default: a daemon platform thread). */
    public Builder threads(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /** Schedules the closing of batches at their age (default: a timer thread of its own). */
    Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Opens the replica and starts the committing thread. */
    public CrdtConsensus build() {
      return new CrdtConsensus(this);
    }
  }

  @Override
  public boolean awaitReady(Duration timeout) {
    return !closed.get(); // ready once built: the replica is local
  }

  /**
   * {@inheritDoc}
   *
   * @throws ClusterException INVALID if the encoded pin exceeds {@link #MAX_PIN_BYTES} or its CID
   *     is reserved for removal records; FAILED if the queue is full, the consensus is closing or
   *     the datastore failed
   */
  @Override
  public void logPin(Pin pin) {
    refuseRecordKey(pin.cid());
    byte[] value = PinCodec.encode(pin);
    if (value.length > MAX_PIN_BYTES) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "the pin of "
              + pin.cid()
              + " is too large to replicate: "
              + value.length
              + " bytes encoded, at most "
              + MAX_PIN_BYTES);
    }
    await(committer.submit(pin.cid(), value));
  }

  /**
   * {@inheritDoc} Removing a CID that is not pinned changes nothing.
   *
   * @throws ClusterException FAILED if the queue is full, the consensus is closing or the datastore
   *     failed
   */
  @Override
  public void logUnpin(Pin pin) {
    refuseRecordKey(pin.cid());
    await(committer.submit(pin.cid(), null));
  }

  private static void refuseRecordKey(Cid cid) {
    if (RemovalRecord.isRecord(cid)) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          cid + " is reserved for the cluster's records of removed peers and cannot be pinned");
    }
  }

  private static void await(CompletableFuture<Void> done) {
    try {
      done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Writes a batch taken by the group committer; see the class comment. */
  private void commit(List<GroupCommitter.Request> batch) {
    List<CrdtReplica.Op> ops =
        batch.stream().map(r -> new CrdtReplica.Op(r.key(), r.value())).toList();
    CrdtReplica.Result result;
    try {
      synchronized (writes) {
        result = replica.commitLocal(ops);
        notifyHooks(result);
      }
    } catch (RuntimeException e) {
      log.error("{} CRDT commit of {} operations failed: {}", logId, batch.size(), e.toString());
      ClusterException failure =
          new ClusterException(
              ClusterException.Kind.FAILED,
              "cannot commit to the CRDT state: " + e.getMessage(),
              e);
      batch.forEach(r -> r.done().completeExceptionally(failure));
      return;
    }
    if (!result.blocks().isEmpty()) {
      announce(result.blocks());
    }
    batch.forEach(r -> r.done().complete(null));
  }

  private void notifyHooks(CrdtReplica.Result result) {
    for (Merge.Change change : result.changes()) {
      if (RemovalRecord.isRecord(change.key())) {
        if (change.value() != null) {
          members.removed(RemovalRecord.peerOf(change.key()));
        }
        continue; // a removal is permanent: a record cannot be deleted by any write of ours
      }
      try {
        if (change.value() == null) {
          onDelete.accept(change.key());
          log.info("{} pin removed: {}", logId, change.key());
        } else {
          Pin replaced =
              change.previous() == null ? null : PinCodec.decode(change.key(), change.previous());
          onPut.accept(PinCodec.decode(change.key(), change.value()), replaced);
          log.info("{} new pin added: {}", logId, change.key());
        }
      } catch (RuntimeException e) {
        log.error("{} pinset hook failed for {}", logId, change.key(), e);
      }
    }
  }

  private void announce(List<DeltaBlock> committed) {
    if (announcer == HeadAnnouncer.NONE) {
      return;
    }
    try {
      announcer.announce(replica.announcement(self).withInline(committed));
    } catch (RuntimeException e) {
      log.warn("{} could not announce the new CRDT heads: {}", logId, e.toString());
    }
  }

  /**
   * Fetches, verifies and merges the blocks of {@code announcement} that this replica lacks, then
   * their missing ancestors, and the blocks left pending by earlier syncs. Each level of the walk
   * is fetched in a few parallel calls of {@link BlockFetcher#fetchMany many blocks}, and the
   * fetched blocks are merged many to a datastore batch, with their hooks, in the order of the
   * batch. Blocks the fetcher cannot provide stay pending for the next sync. Returns the number of
   * blocks merged. Syncs may run concurrently with each other and with commits.
   *
   * @throws InvalidBlockException if a fetched block is invalid, is not the announced one, or has
   *     an untrusted author; the blocks verified before it are merged
   */
  public int sync(HeadAnnouncement announcement, BlockFetcher fetcher) {
    checkOpen();
    return new DagSync(replica, members::mayAuthor, this::mergeVerified, logId)
        .run(announcement, fetcher);
  }

  /**
   * Whether {@code announcement} names blocks this replica lacks, or this replica has blocks
   * pending that its sender may provide: whether a {@link #sync} with it could change anything.
   */
  public boolean needsSync(HeadAnnouncement announcement) {
    for (BlockRef head : announcement.heads()) {
      if (!replica.covers(head.dot())) {
        return true;
      }
    }
    return replica.hasPending();
  }

  /**
   * Verifies and merges one block received from another peer, calling the hooks for what it
   * changed. Returns false if the replica already had it.
   *
   * @throws InvalidBlockException if the block is invalid or its author is not trusted
   */
  public boolean receive(Cid cid, byte[] bytes) {
    checkOpen();
    return receive(BlockCodec.decode(cid, bytes));
  }

  private boolean receive(DeltaBlock block) {
    PeerId author = block.delta().author();
    if (!members.mayAuthor(author)) {
      throw new InvalidBlockException(
          "CRDT block " + block.cid() + " is signed by " + author + ", which is not trusted");
    }
    return mergeVerified(List.of(block)) > 0;
  }

  /** Merges blocks already verified and trusted, calling the hooks; returns how many were new. */
  private int mergeVerified(List<DeltaBlock> blocks) {
    checkOpen();
    CrdtReplica.Result result;
    synchronized (writes) {
      result = replica.mergeRemote(blocks);
      notifyHooks(result);
    }
    return result.blocks().size();
  }

  /** The bytes of the merged block {@code cid}, to serve other peers; empty if unknown. */
  public Optional<byte[]> block(Cid cid) {
    return replica.block(cid);
  }

  /**
   * The merged blocks of {@code range}, in sequence order, to serve other peers: a range asked for
   * by a peer catching up may span many blocks, read as the stream is consumed.
   */
  public Stream<Block> blocks(DotRange range) {
    return replica.blocksIn(range).stream()
        .flatMap(cid -> replica.block(cid).map(b -> new Block(cid, b)).stream());
  }

  /** What the replica holds: heads, version vector, digests, counts. */
  public ReplicaInfo info() {
    return replica.info();
  }

  /**
   * An announcement of this peer's current heads, for rebroadcasts and comparisons: heads, vector
   * and digest of one state (read between two writes, never across one).
   */
  public HeadAnnouncement currentHeads() {
    return replica.announcement(self);
  }

  /** Does nothing: a CRDT needs no peer set management (spec §8.7). */
  @Override
  public void addPeer(PeerId peer) {}

  /**
   * Removes {@code peer} from the cluster (design §10, where the original cannot): commits its
   * {@link RemovalRecord}, which every peer merges; see the class comment. Removing a peer already
   * removed changes nothing.
   *
   * @throws ClusterException INVALID for this peer itself (remove it from another peer); NOT_FOUND
   *     for a peer that is neither in the peerset, nor trusted, nor {@linkplain Builder#knownPeers
   *     known}; FAILED if the record cannot be committed
   */
  @Override
  public void removePeer(PeerId peer) {
    if (peer.equals(self)) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "a CRDT peer cannot remove itself: remove " + peer + " from another peer of the cluster");
    }
    if (members.isRemoved(peer)) {
      return;
    }
    if (!members.isKnown(peer)) {
      throw new ClusterException(
          ClusterException.Kind.NOT_FOUND, "peer " + peer + " is not a peer of this cluster");
    }
    Pin record = RemovalRecord.of(peer, clock.instant());
    await(committer.submit(record.cid(), PinCodec.encode(record)));
    log.info("{} removed peer {} from the cluster", logId, peer);
  }

  /** Whether {@code peer} was removed from the cluster ({@link #removePeer}, here or elsewhere). */
  public boolean isRemoved(PeerId peer) {
    return members.isRemoved(peer);
  }

  /**
   * The merged block holding the record that {@code peer} was removed, if it was: what a removed
   * peer that missed its removal fetches, verifies and merges ({@link #receive}) to learn it.
   */
  public Optional<Block> removalRecord(PeerId peer) {
    return replica
        .blockAdding(RemovalRecord.key(peer))
        .flatMap(cid -> replica.block(cid).map(bytes -> new Block(cid, bytes)));
  }

  /** The peers removed from the cluster. */
  public Set<PeerId> removedPeers() {
    return members.removedPeers();
  }

  /**
   * Calls {@code listener} with every peer removed from now on, once per peer, this one included,
   * when a commit or a merge brings its record. It runs on the committing thread: it must not block
   * nor write to the consensus.
   */
  public void onPeerRemoved(Consumer<PeerId> listener) {
    members.onRemoved(listener);
  }

  @Override
  public PinsetView state() {
    return replica.pinset();
  }

  /**
   * Fails as in the original: a CRDT has no leader.
   *
   * @throws ClusterException FAILED, always
   */
  @Override
  public PeerId leader() {
    throw new ClusterException(ClusterException.Kind.FAILED, NO_LEADER);
  }

  /** Does nothing: a CRDT peer is usable without being in sync (spec §8.7). */
  @Override
  public void waitForSync(Duration timeout) {}

  /** This peer, then the others of the {@linkplain Builder#peerset peerset}. */
  @Override
  public List<PeerId> peers() {
    return members.peers();
  }

  @Override
  public boolean isTrustedPeer(PeerId peer) {
    return members.isTrusted(peer);
  }

  @Override
  public void trust(PeerId peer) {
    members.trust(peer);
  }

  @Override
  public void distrust(PeerId peer) {
    members.distrust(peer);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the CRDT consensus of " + logId + " is closed");
    }
  }

  /** Commits the queued operations, then stops. Idempotent; the datastore stays open. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    committer.close();
    if (ownTimer != null) {
      ownTimer.shutdownNow();
    }
    log.info("{} CRDT consensus stopped", logId);
  }

  /** The replica, for tests in this package. */
  CrdtReplica replica() {
    return replica;
  }

  /** The number of operations waiting for a commit, for tests in this package. */
  int waiting() {
    return committer.waiting();
  }
}
