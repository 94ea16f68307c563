package io.ipfscluster.consensus.raft;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State;
import io.ipfscluster.state.StateExport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the pinset: applies the pin and unpin operations of committed log
 * entries to a {@link DatastoreState} and calls the put and delete hooks.
 *
 * <p><b>Hooks</b> run on a {@link HookDispatcher} thread, not on Ratis's apply thread, in log
 * order: the put hook gets each pin that changed and the pin it replaced (null: the CID was not in
 * the pinset), as the CRDT consensus's change hook does, so the tracker can skip the IPFS call for
 * a pin that was never allocated here. A write waits until its entry's hooks have run ({@link
 * #whenApplied}).
 *
 * <p><b>Applied index.</b> The index of the last applied entry is kept in the datastore next to the
 * pinset, written after each entry's state batch (both unsynced: the Raft log is the durable copy,
 * and RocksDB recovers its write-ahead log as a prefix, so the stored index never runs ahead of the
 * state). On restart Ratis replays the log from the latest snapshot; entries at or below the stored
 * index are skipped, so the hooks do not fire again for them. Replaying more than needed would be
 * harmless anyway: every operation writes a whole value, so a replayed suffix ends in the same
 * state.
 *
 * <p><b>Snapshots</b> are state exports (NDJSON of v1 pin JSON, as {@code state export} writes),
 * one file per snapshot in Ratis's state machine folder, with an MD5 file beside it so Ratis can
 * ship it to a follower that fell behind the log. Loading a snapshot (a datastore that lags it, or
 * one installed from the leader) replaces the pinset without calling the hooks: the peer's state
 * sync reconciles the tracker, as after the original's snapshot restore. A snapshot is only taken
 * if an entry with operations was applied since the latest one (the index of the last such entry is
 * stored too): a stop after leader or configuration entries alone keeps the latest snapshot, those
 * entries staying in the log behind it.
 *
 * <p>Ratis calls {@code applyTransaction} and {@code takeSnapshot} from one thread; the hooks run
 * on another, one at a time; the other methods are thread-safe.
 */
final class PinStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(PinStateMachine.class);
  private static final byte[] APPLIED_KEY = {'a'};
  private static final byte[] CHANGED_KEY = {'c'};
  private static final byte[] STATE_PREFIX = {'s', '/'};

  private final Datastore store;
  private final DatastoreState state;
  private final boolean fresh;
  private final BiConsumer<Pin, Pin> onPut;
  private final Consumer<Cid> onDelete;
  private final HookDispatcher hooks;
  private final String logId;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final ReentrantLock progress = new ReentrantLock();
  private final Condition advanced = progress.newCondition();
  private final PriorityQueue<Waiter> waiters =
      new PriorityQueue<>(Comparator.comparingLong(Waiter::index));
  private volatile long skipUpTo = -1;
  private volatile long lastChange = -1; // the last entry that carried operations
  private volatile long hookedIndex = -1; // the hooks of every entry up to this one have run
  private volatile CommittedConf committedConf; // the last configuration applied here

  /** The voters of a configuration entry applied here; {@code old} is not empty while joint. */
  record CommittedConf(long index, List<String> peers, List<String> old) {}

  private record Waiter(long index, CompletableFuture<Void> done) {}

  /**
   * @param store the Raft namespace of the peer's datastore
   * @param fresh the Raft folder was just created: whatever the namespace holds is stale
   */
  PinStateMachine(
      Datastore store,
      boolean fresh,
      BiConsumer<Pin, Pin> onPut,
      Consumer<Cid> onDelete,
      ThreadFactory hookThreads,
      String logId) {
    this.store = store;
    this.fresh = fresh;
    this.state = new DatastoreState(store.namespace(STATE_PREFIX));
    this.onPut = onPut;
    this.onDelete = onDelete;
    this.logId = logId;
    this.hooks = new HookDispatcher(hookThreads, this::hooked, logId);
  }

  /**
   * The pinset a Raft peer keeps in {@code raftSpace} (the Raft key space of its datastore), for
   * reading it while the peer is stopped.
   */
  static State storedState(Datastore raftSpace) {
    return new DatastoreState(raftSpace.namespace(STATE_PREFIX));
  }

  /** The pinset this machine keeps. */
  State state() {
    return state;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    if (fresh) {
      state.clear();
      writeApplied(store, TermIndex.INITIAL_VALUE);
    }
    load(storage.loadLatestSnapshot());
    if (getLifeCycleState() == LifeCycle.State.NEW) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  /** Ratis pauses the machine before it installs a snapshot from the leader. */
  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Loads the snapshot just installed from the leader, then resumes. */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    TermIndex stored = readApplied();
    if (snapshot != null && snapshot.getIndex() > stored.getIndex()) {
      Path file = snapshot.getFile().getPath();
      if (snapshot.hasMd5()) {
        MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
      }
      long pins;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        pins = StateExport.importFrom(state, in, StateExport.Overrides.NONE);
      }
      stored = snapshot.getTermIndex();
      writeApplied(stored, true);
      log.info("{} Raft state loaded from snapshot {}: {} pins", logId, stored, pins);
    }
    skipUpTo = stored.getIndex();
    lastChange = storedChange(stored);
    setLastAppliedTermIndex(snapshot != null ? snapshot.getTermIndex() : null);
    signal();
    hooks.mark(Math.max(stored.getIndex(), appliedIndex()));
  }

  /** Runs the hooks still queued, then stops their thread. */
  @Override
  public void close() throws IOException {
    hooks.close();
    super.close();
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return storage.getLatestSnapshot();
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    if (entry.getIndex() > skipUpTo) {
      try {
        apply(LogEntry.decode(entry.getStateMachineLogEntry().getLogData().toByteArray()));
      } catch (RuntimeException e) {
        // Every peer sees the same entry: skipping it keeps the replicas equal.
        log.error("{} cannot apply Raft log entry {}; skipped", logId, entry.getIndex(), e);
      }
      writeApplied(TermIndex.valueOf(entry), true);
      lastChange = entry.getIndex();
    }
    advance(entry.getTerm(), entry.getIndex());
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  private void apply(LogEntry entry) {
    Map<Cid, Optional<Pin>> written = new HashMap<>();
    List<Change> changes = new ArrayList<>();
    try (State.StateBatch batch = state.newBatch()) {
      for (LogEntry.Op op : entry.ops()) {
        Optional<Pin> current = written.computeIfAbsent(op.cid(), state::get);
        if (op.pin() != null) {
          Pin pin = op.decodePin();
          batch.add(pin);
          written.put(op.cid(), Optional.of(pin));
          if (!current.equals(Optional.of(pin))) {
            changes.add(new Change(op.cid(), pin, current.orElse(null)));
          }
        } else if (current.isPresent()) {
          batch.remove(op.cid());
          written.put(op.cid(), Optional.empty());
          changes.add(new Change(op.cid(), null, current.get()));
        }
      }
      batch.commit(false);
    }
    for (Change change : changes) {
      hooks.submit(() -> runHook(change));
    }
  }

  private void runHook(Change change) {
    try {
      if (change.pin() == null) {
        onDelete.accept(change.cid());
        log.debug("{} pin removed: {}", logId, change.cid());
      } else {
        onPut.accept(change.pin(), change.previous());
        log.debug("{} new pin added: {}", logId, change.cid());
      }
    } catch (RuntimeException e) {
      log.error("{} pinset hook failed for {}", logId, change.cid(), e);
    }
  }

  /**
   * A pin that changed ({@code pin} set) or left the pinset ({@code pin} null); {@code previous} is
   * the pin it replaced (null: the CID was not in the pinset).
   */
  private record Change(Cid cid, Pin pin, Pin previous) {}

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    // A configuration or leader entry: nothing to apply, but the stored index moves with it, or a
    // snapshot taken at this entry would look newer than the state and be reloaded on restart.
    if (index > skipUpTo) {
      writeApplied(TermIndex.valueOf(term, index));
    }
    advance(term, index);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId leader) {
    log.info("{} Raft leader is now {}", logId, leader);
    signal();
  }

  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
    // Ratis calls this as it applies a configuration entry: the entry is committed.
    committedConf =
        new CommittedConf(
            index,
            conf.getPeersList().stream().map(p -> p.getId().toStringUtf8()).toList(),
            conf.getOldPeersList().stream().map(p -> p.getId().toStringUtf8()).toList());
    signal();
  }

  /** The last configuration entry applied here (so committed), if one was since the start. */
  Optional<CommittedConf> committedConf() {
    return Optional.ofNullable(committedConf);
  }

  private void advance(long term, long index) {
    updateLastAppliedTermIndex(term, index);
    signal();
    hooks.mark(index);
  }

  /** On the hook thread: the hooks of every entry up to {@code index} have run. */
  private void hooked(long index) {
    if (index > hookedIndex) {
      hookedIndex = index;
    }
    releaseWaiters();
  }

  private void releaseWaiters() {
    long done = hookedIndex;
    synchronized (waiters) {
      while (!waiters.isEmpty() && waiters.peek().index() <= done) {
        waiters.poll().done().complete(null);
      }
    }
  }

  /**
   * Completes once the entry {@code index} is applied here and its hooks have run (or were, before
   * this call).
   */
  CompletableFuture<Void> whenApplied(long index) {
    synchronized (waiters) {
      if (hookedIndex >= index) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      waiters.add(new Waiter(index, done));
      return done;
    }
  }

  private void signal() {
    progress.lock();
    try {
      advanced.signalAll();
    } finally {
      progress.unlock();
    }
  }

  /**
   * Waits until something happened (an entry applied, a leader or configuration change) or {@code
   * nanos} passed; returns the nanoseconds left.
   */
  long awaitProgress(long nanos) throws InterruptedException {
    progress.lock();
    try {
      return advanced.awaitNanos(nanos);
    } finally {
      progress.unlock();
    }
  }

  /** The index of the last entry applied (or skipped as already applied). */
  long appliedIndex() {
    TermIndex last = getLastAppliedTermIndex();
    return last == null ? -1 : last.getIndex();
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
    if (latest != null && latest.getIndex() >= Math.min(last.getIndex(), lastChange)) {
      // Only leader and configuration entries since: the state is the snapshot's, and the entries
      // stay in the log behind it. Exporting 1M pins again at every stop would take seconds.
      return latest.getIndex();
    }
    // The state is at last (Ratis calls this between applies): say so, so a restart does not load
    // the snapshot back into a state that already holds it.
    writeApplied(last);
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling("export.tmp");
    long pins;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
      pins = StateExport.exportTo(state, out);
    }
    try (var channel = java.nio.channels.FileChannel.open(tmp)) {
      channel.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    log.info("{} Raft snapshot taken at {}: {} pins", logId, last, pins);
    return last.getIndex();
  }

  private TermIndex readApplied() {
    return storedApplied(store);
  }

  /** The index of the last entry whose effect {@code raftSpace} (a Raft key space) holds. */
  static TermIndex storedApplied(Datastore raftSpace) {
    byte[] bytes = raftSpace.get(APPLIED_KEY);
    if (bytes == null) {
      return TermIndex.INITIAL_VALUE;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return TermIndex.valueOf(b.getLong(), b.getLong());
  }

  private void writeApplied(TermIndex ti) {
    writeApplied(ti, false);
  }

  /** Stores {@code ti} as applied, and as the last change to the state if {@code changed}. */
  private void writeApplied(TermIndex ti, boolean changed) {
    try (Batch batch = store.newBatch()) {
      batch.put(APPLIED_KEY, encode(ti));
      if (changed) {
        batch.put(CHANGED_KEY, encode(ti));
      }
      batch.commit(false);
    }
  }

  /**
   * The index of the last entry that changed the stored state; if a datastore of an older version
   * does not say, {@code applied} (the stored applied index), recorded from now on.
   */
  private long storedChange(TermIndex applied) {
    byte[] bytes = store.get(CHANGED_KEY);
    if (bytes == null) {
      writeApplied(applied, true);
      return applied.getIndex();
    }
    return ByteBuffer.wrap(bytes).getLong(Long.BYTES);
  }

  private static byte[] encode(TermIndex ti) {
    return ByteBuffer.allocate(16).putLong(ti.getTerm()).putLong(ti.getIndex()).array();
  }

  /**
   * Records in {@code raftSpace} (a stopped peer's Raft key space) that its pinset is the state up
   * to {@code ti}: a state import does so for the snapshot it writes.
   */
  static void writeApplied(Datastore raftSpace, TermIndex ti) {
    try (Batch batch = raftSpace.newBatch()) {
      batch.put(APPLIED_KEY, encode(ti));
      batch.put(CHANGED_KEY, encode(ti));
      batch.commit(false);
    }
  }
}
