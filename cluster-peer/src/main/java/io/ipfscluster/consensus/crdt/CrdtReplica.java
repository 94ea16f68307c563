package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.PinCodec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer's replica of the CRDT pinset, kept in the datastore as {@link ReplicaKeys} lays out: the
 * merged blocks and the state derived from them. The state is a function of the set of merged
 * blocks; every write is one atomic batch, so a crash leaves either all of a commit or none of it,
 * and nothing needs repairing on restart.
 *
 * <p>Thread-safe. Writes ({@link #commitLocal}, {@link #mergeRemote}, {@link #replaceAll}, {@link
 * #clear}) are serialized on the replica: it has a single writer at a time. Reads run concurrently
 * with writes and see committed batches only (on RocksDB, a listing reads a snapshot).
 */
final class CrdtReplica {
  private static final Logger log = LoggerFactory.getLogger(CrdtReplica.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A local operation: a put of {@code value} under {@code key}, or a delete if value is null. */
  record Op(Cid key, byte[] value) {}

  /** What a write did: the blocks it wrote or merged, and the pinset entries it changed. */
  record Result(List<DeltaBlock> blocks, List<Merge.Change> changes) {
    static final Result NOTHING = new Result(List.of(), List.of());
  }

  private final Datastore store;
  private final Identity identity;
  private final String logId;
  private volatile ReplicaKeys keys;
  private final PinsetView pinset = new WinnerView();
  private final LtHash.Hasher hasher = new LtHash.Hasher(); // used by the writer, under the lock

  /**
   * The committed heads, version vector and state digest fingerprint, kept in memory for the
   * announcement that follows every commit: every commit deletes a head key and overwrites a vector
   * entry, and a datastore scan of either would step over all the deleted and overwritten versions
   * since the last compaction, growing with every commit.
   */
  private record Frontier(List<BlockRef> heads, VersionVector vector, String stateFingerprint) {
    static final Frontier EMPTY =
        new Frontier(List.of(), VersionVector.EMPTY, new LtHash().fingerprint());

    static Frontier of(Merge merge) {
      return new Frontier(merge.heads(), merge.vector(), merge.stateFingerprint());
    }
  }

  /** Replaced, never changed, by the writer after each committed batch. */
  private volatile Frontier frontier;

  private CrdtReplica(Datastore store, Identity identity, ReplicaKeys keys) {
    this.store = store;
    this.identity = identity;
    this.logId = identity.peerId().shortString();
    this.keys = keys;
    this.frontier =
        new Frontier(
            scanHeads(store, keys),
            scanVector(store, keys),
            LtHash.fromBytes(store.get(keys.meta(ReplicaKeys.META_STATE_DIGEST))).fingerprint());
  }

  /**
   * Opens the replica kept in {@code store} (the peer's whole datastore: the replica uses the
   * {@code /b/}, {@code /h/} and {@code /c/} key spaces), writing as {@code identity}. Removes what
   * an interrupted import left.
   */
  static CrdtReplica open(Datastore store, Identity identity) {
    byte[] g = store.get(ReplicaKeys.GENERATION_KEY);
    int generation = g == null ? 0 : ByteBuffer.wrap(g).getInt();
    wipeIfPresent(store, new ReplicaKeys(generation + 1));
    if (generation > 0) {
      wipeIfPresent(store, new ReplicaKeys(generation - 1));
    }
    return new CrdtReplica(store, identity, new ReplicaKeys(generation));
  }

  private static void wipeIfPresent(Datastore store, ReplicaKeys leftover) {
    for (byte[] prefix : leftover.all()) {
      try (Cursor c = store.iterate(prefix)) {
        if (!c.next()) {
          continue;
        }
      }
      store.deletePrefix(prefix);
    }
  }

  /** The pinset: the winner of every key. */
  PinsetView pinset() {
    return pinset;
  }

  /**
   * Writes {@code ops} as blocks of this peer (one, or a chain if they exceed a block), merges
   * them, and commits everything in one batch, synced to disk before returning. Operations on the
   * same key keep the last one; deletes of keys without a pin are dropped.
   *
   * @throws io.ipfscluster.datastore.DatastoreException if the write failed: nothing was written
   * @throws IllegalArgumentException if a pin is too large for a block; nothing was written
   */
  synchronized Result commitLocal(List<Op> ops) {
    Map<Cid, Op> last = new LinkedHashMap<>();
    for (Op op : ops) {
      last.remove(op.key());
      last.put(op.key(), op);
    }
    ReplicaKeys k = keys;
    Frontier f = frontier;
    Merge merge = new Merge(store, k, hasher, f.heads(), f.vector());
    byte[] incarnation = merge.overlay.get(k.meta(ReplicaKeys.META_INCARNATION));
    if (incarnation == null) {
      incarnation = new byte[WriterId.INCARNATION_BYTES];
      RANDOM.nextBytes(incarnation);
      merge.overlay.put(k.meta(ReplicaKeys.META_INCARNATION), incarnation);
    }
    WriterId writer = WriterId.of(identity.peerId(), incarnation);
    long seq = merge.vectorEntry(writer) + 1;
    byte[] ownAbove = k.abovePrefix(writer);
    for (Overlay.Entry e : merge.overlay.scan(ownAbove)) {
      // Only after a restore from an old backup, when others gave back our later blocks: never
      // reuse a dot, and stay above every block of ours that may be a parent.
      seq = Math.max(seq, Dot.fromBytes(e.key(), ownAbove.length - WriterId.BYTES).seq() + 1);
    }
    BlockBuilder builder = new BlockBuilder(identity, incarnation, seq, f.heads());
    List<DeltaBlock> blocks = new ArrayList<>();
    for (Op op : last.values()) {
      List<Dot> observed = liveDots(merge.overlay, k, op.key());
      if (op.value() == null && observed.isEmpty()) {
        continue;
      }
      if (!builder.add(op.key(), op.value(), observed)) {
        blocks.add(sealAndMerge(builder, merge));
        builder.add(op.key(), op.value(), observed);
      }
    }
    if (!builder.isEmpty()) {
      blocks.add(sealAndMerge(builder, merge));
    }
    if (blocks.isEmpty()) {
      return Result.NOTHING;
    }
    merge.commit(true);
    frontier = Frontier.of(merge);
    log.debug("{} committed {} CRDT block(s), last {}", logId, blocks.size(), blocks.getLast());
    return new Result(blocks, merge.changes());
  }

  private static DeltaBlock sealAndMerge(BlockBuilder builder, Merge merge) {
    DeltaBlock block = builder.seal();
    Merge.Outcome outcome = merge.merge(block);
    if (outcome != Merge.Outcome.MERGED) {
      throw new IllegalStateException("own new block " + block + " was not merged: " + outcome);
    }
    return block;
  }

  /**
   * Merges blocks received from other peers, already decoded, verified and trusted, in one synced
   * batch. Blocks already merged are skipped; a block whose dot the replica holds under another CID
   * (its writer equivocated) is skipped and logged.
   */
  synchronized Result mergeRemote(List<DeltaBlock> blocks) {
    Frontier f = frontier;
    Merge merge = new Merge(store, keys, hasher, f.heads(), f.vector());
    List<DeltaBlock> merged = new ArrayList<>();
    for (DeltaBlock block : blocks) {
      switch (merge.merge(block)) {
        case MERGED -> merged.add(block);
        case DUPLICATE -> {}
        case EQUIVOCATION ->
            log.warn(
                "{} ignored {}: writer {} already wrote another block with dot {}",
                logId,
                block,
                block.delta().author(),
                block.delta().dot());
      }
    }
    if (merged.isEmpty()) {
      return Result.NOTHING;
    }
    merge.commit(true);
    frontier = Frontier.of(merge);
    return new Result(merged, merge.changes());
  }

  /**
   * Replaces the whole replica with a new history that holds exactly {@code pins}: blocks of at
   * most 1 MiB written by this peer under a new incarnation, in a new generation. All or nothing:
   * until the final synced switch the old replica stays current, and if {@code pins} throws, or the
   * process dies, the new generation is discarded. Memory stays within about one block. Returns the
   * number of pins read.
   */
  synchronized long replaceAll(Iterator<Pin> pins) {
    ReplicaKeys old = keys;
    ReplicaKeys next = new ReplicaKeys(old.generation + 1);
    wipeIfPresent(store, next);
    long read = 0;
    Frontier imported;
    try {
      byte[] incarnation = new byte[WriterId.INCARNATION_BYTES];
      RANDOM.nextBytes(incarnation);
      Merge merge = new Merge(store, next, hasher, List.of(), VersionVector.EMPTY);
      merge.overlay.put(next.meta(ReplicaKeys.META_INCARNATION), incarnation);
      BlockBuilder builder = new BlockBuilder(identity, incarnation, 1, List.of());
      // Removals are no pins: an import keeps them, so that a removed peer stays removed.
      for (PeerId removed : removedPeers(old)) {
        Cid key = RemovalRecord.key(removed);
        builder.add(key, store.get(old.winner(key)), List.of());
      }
      while (pins.hasNext()) {
        Pin pin = pins.next();
        read++;
        byte[] value = PinCodec.encode(pin);
        List<Dot> observed = liveDots(merge.overlay, next, pin.cid());
        if (!builder.add(pin.cid(), value, observed)) {
          sealAndMerge(builder, merge);
          merge.commit(false);
          merge = new Merge(store, next, hasher, merge.heads(), merge.vector());
          builder.add(pin.cid(), value, liveDots(merge.overlay, next, pin.cid()));
        }
      }
      if (!builder.isEmpty()) {
        sealAndMerge(builder, merge);
      }
      merge.commit(false);
      imported = Frontier.of(merge);
    } catch (RuntimeException e) {
      wipeIfPresent(store, next);
      throw e;
    }
    // One synced write makes the staged batches durable (they precede it in the write-ahead
    // log) and switches to the new generation.
    store.put(ReplicaKeys.GENERATION_KEY, ByteBuffer.allocate(4).putInt(next.generation).array());
    keys = next;
    frontier = imported;
    for (byte[] prefix : old.all()) {
      store.deletePrefix(prefix);
    }
    log.info(
        "{} replaced the CRDT state with {} pins (generation {})", logId, read, next.generation);
    return read;
  }

  /**
   * Removes every CRDT key (all generations), atomically and durably: the replica is as on a fresh
   * datastore, and its next write uses a new incarnation.
   */
  synchronized void clear() {
    try (Batch batch = store.newBatch()) {
      for (byte[] prefix : ReplicaKeys.everything()) {
        batch.deletePrefix(prefix);
      }
      batch.commit(true);
    }
    keys = new ReplicaKeys(0);
    frontier = Frontier.EMPTY;
  }

  /** The bytes of the merged block {@code cid}, to serve other peers. */
  Optional<byte[]> block(Cid cid) {
    return Optional.ofNullable(store.get(keys.block(cid)));
  }

  /** The CIDs of the merged blocks of {@code range}, in sequence order. */
  List<Cid> blocksIn(DotRange range) {
    ReplicaKeys k = keys;
    byte[] prefix = k.blocksByDotPrefix(range.writer());
    byte[] after = range.after() == 0 ? null : k.blockByDot(new Dot(range.writer(), range.after()));
    List<Cid> out = new ArrayList<>();
    try (Cursor c = store.iterate(prefix, after)) {
      while (c.next()) {
        if (Dot.fromBytes(c.key(), prefix.length - WriterId.BYTES).seq() > range.upTo()) {
          break;
        }
        out.add(Cid.fromBytes(c.value()));
      }
    }
    return out;
  }

  /** The current heads, sorted by dot. */
  List<BlockRef> heads() {
    return frontier.heads();
  }

  private static List<BlockRef> scanHeads(Datastore store, ReplicaKeys k) {
    byte[] prefix = k.headsPrefix();
    List<BlockRef> out = new ArrayList<>();
    try (Cursor c = store.iterate(prefix)) {
      while (c.next()) {
        out.add(BlockRef.of(Cid.fromBytes(ReplicaKeys.suffix(c.key(), prefix)), c.value()));
      }
    }
    out.sort((a, b) -> a.dot().compareTo(b.dot()));
    return List.copyOf(out);
  }

  /** The blocks named as parents but not merged: what a sync must fetch. */
  List<BlockRef> pending() {
    ReplicaKeys k = keys;
    byte[] prefix = k.pendingPrefix();
    List<BlockRef> out = new ArrayList<>();
    try (Cursor c = store.iterate(prefix)) {
      while (c.next()) {
        out.add(BlockRef.of(Cid.fromBytes(ReplicaKeys.suffix(c.key(), prefix)), c.value()));
      }
    }
    return out;
  }

  /** Whether some block is named as a parent but not merged. */
  boolean hasPending() {
    try (Cursor c = store.iterate(keys.pendingPrefix())) {
      return c.next();
    }
  }

  /** Whether the causal context holds {@code dot}: its block is merged. */
  boolean covers(Dot dot) {
    ReplicaKeys k = keys;
    byte[] entry = store.get(k.versionVector(dot.writer()));
    return (entry != null && dot.seq() <= ByteBuffer.wrap(entry).getLong())
        || store.has(k.above(dot));
  }

  /** The dots of the live elements of {@code key}. */
  private static List<Dot> liveDots(Overlay overlay, ReplicaKeys k, Cid key) {
    if (!overlay.has(k.winner(key))) {
      return List.of(); // no winner, no live element
    }
    byte[] prefix = k.livePrefix(key);
    List<Dot> out = new ArrayList<>(2);
    for (Overlay.Entry e : overlay.scan(prefix)) {
      out.add(Dot.fromBytes(e.key(), prefix.length));
    }
    return out;
  }

  /** The CID of a merged block that added a live element of {@code key}, if any. */
  Optional<Cid> blockAdding(Cid key) {
    ReplicaKeys k = keys;
    for (Dot dot : liveDots(new Overlay(store), k, key)) {
      byte[] cid = store.get(k.blockByDot(dot));
      if (cid != null) {
        return Optional.of(Cid.fromBytes(cid));
      }
    }
    return Optional.empty();
  }

  /** The version vector. */
  VersionVector versionVector() {
    return frontier.vector();
  }

  private static VersionVector scanVector(Datastore store, ReplicaKeys k) {
    byte[] prefix = k.versionVectorPrefix();
    TreeMap<WriterId, Long> entries = new TreeMap<>();
    try (Cursor c = store.iterate(prefix)) {
      while (c.next()) {
        entries.put(
            WriterId.fromBytes(c.key(), prefix.length), ByteBuffer.wrap(c.value()).getLong());
      }
    }
    return new VersionVector(entries);
  }

  /** The peers removed from the cluster: those with a {@link RemovalRecord} among the winners. */
  List<PeerId> removedPeers() {
    return removedPeers(keys);
  }

  private List<PeerId> removedPeers(ReplicaKeys k) {
    byte[] prefix = k.winnersPrefix();
    List<PeerId> out = new ArrayList<>();
    try (Cursor c = store.iterate(ReplicaKeys.concat(prefix, RemovalRecord.keyPrefix()))) {
      while (c.next()) {
        out.add(RemovalRecord.peerOf(Cid.fromBytes(ReplicaKeys.suffix(c.key(), prefix))));
      }
    }
    return out;
  }

  /** The number of pins, from the counter kept with every merge. */
  long size() {
    byte[] n = store.get(keys.meta(ReplicaKeys.META_PINS));
    return n == null ? 0 : ByteBuffer.wrap(n).getLong();
  }

  /**
   * The heads, version vector and state digest, as {@code sender} announces them: read while no
   * write runs, so that the three describe the same state (a receiver with the same vector and
   * heads but another digest reports a divergence).
   */
  synchronized HeadAnnouncement announcement(PeerId sender) {
    Frontier f = frontier;
    return new HeadAnnouncement(sender, f.heads(), f.vector(), f.stateFingerprint());
  }

  /** What the replica holds; reads the heads, the vector and the pending blocks. */
  ReplicaInfo info() {
    ReplicaKeys k = keys;
    byte[] incarnation = store.get(k.meta(ReplicaKeys.META_INCARNATION));
    VersionVector vector = versionVector();
    List<byte[]> above = new ArrayList<>();
    byte[] abovePrefix = k.abovePrefix();
    try (Cursor c = store.iterate(abovePrefix)) {
      while (c.next()) {
        above.add(ReplicaKeys.suffix(c.key(), abovePrefix));
      }
    }
    LtHash live = LtHash.fromBytes(store.get(k.meta(ReplicaKeys.META_LIVE_DIGEST)));
    MessageDigest sha = sha256();
    sha.update(live.toBytes());
    sha.update(vector.toBytes());
    for (byte[] dot : above) {
      sha.update(dot);
    }
    return new ReplicaInfo(
        k.generation,
        incarnation == null ? null : WriterId.of(identity.peerId(), incarnation),
        vector,
        above.size(),
        heads(),
        store.count(k.pendingPrefix()),
        size(),
        LtHash.fromBytes(store.get(k.meta(ReplicaKeys.META_STATE_DIGEST))).fingerprint(),
        HexFormat.of().formatHex(sha.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The datastore keys of the current generation, for tests that inspect the layout. */
  ReplicaKeys keys() {
    return keys;
  }

  Datastore store() {
    return store;
  }

  @Override
  public String toString() {
    return "CRDT replica of " + logId + " (generation " + keys.generation + ")";
  }

  /** The pinset read from W. */
  private final class WinnerView implements PinsetView {
    @Override
    public Optional<Pin> get(Cid cid) {
      if (RemovalRecord.isRecord(cid)) {
        return Optional.empty();
      }
      byte[] value = store.get(keys.winner(cid));
      return value == null ? Optional.empty() : Optional.of(PinCodec.decode(cid, value));
    }

    @Override
    public boolean has(Cid cid) {
      return !RemovalRecord.isRecord(cid) && store.has(keys.winner(cid));
    }

    @Override
    public java.util.stream.Stream<Pin> list(int typeMask) {
      return list(typeMask, null);
    }

    @Override
    public java.util.stream.Stream<Pin> list(int typeMask, Cid after) {
      return WinnerStream.open(
          store, keys.winnersPrefix(), after == null ? null : keys.winner(after), typeMask);
    }
  }
}
