package io.ipfscluster.consensus.crdt;

import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One atomic step of a replica: blocks merged into an {@link Overlay}, then written with one
 * datastore batch. Merging is idempotent (a block whose dot the causal context holds is skipped)
 * and its result depends only on the set of merged blocks, not on their order.
 *
 * <p>Merging block b with dot d, height h (crdt-design §4a):
 *
 * <ol>
 *   <li>store b by CID and by dot; add d to the causal context C;
 *   <li>each removed dot x of key k: if x ∈ C, its element (k, x) leaves L; otherwise the kill (x,
 *       k) waits in K until x arrives;
 *   <li>each added (k, v) becomes live in L as (k, d) → (h, v), unless K holds a kill of (d, k);
 *       K's rows for d are consumed;
 *   <li>the winner W[k] of each key touched is the live element with the greatest (height, dot), or
 *       none: W is the pinset. The state digest follows W, the live digest follows L;
 *   <li>b is a head unless a merged block already names it as parent (it is pending); its parents
 *       stop being heads if merged, else become pending.
 * </ol>
 *
 * <p>Not thread-safe: used by the replica's single writer, one instance per batch.
 */
final class Merge {
  private static final String STATE_DOMAIN = "ipfs-cluster/crdt/pinset/v1";
  private static final String LIVE_DOMAIN = "ipfs-cluster/crdt/live/v1";
  private static final byte[] STATE = LtHash.Hasher.domain(STATE_DOMAIN);
  private static final byte[] LIVE = LtHash.Hasher.domain(LIVE_DOMAIN);

  /** How a block's merge went. */
  enum Outcome {
    /** The block changed the replica. */
    MERGED,
    /** The replica already had the block. */
    DUPLICATE,
    /** The replica has another block with the same dot: its writer equivocated. */
    EQUIVOCATION
  }

  /**
   * The pinset entry of {@code key} after the merge: its new value, or null once removed; and its
   * value before the merge, or null if the key had no winner.
   */
  record Change(Cid key, byte[] value, byte[] previous) {}

  private final Datastore store;
  private final ReplicaKeys keys;
  private final LtHash.Hasher hasher;
  final Overlay overlay;
  private final LtHash stateDigest;
  private final LtHash liveDigest;
  private long pins;
  private boolean metaChanged;
  private final Map<WriterId, Long> vector = new HashMap<>();
  private final Map<Cid, BlockRef> heads = new HashMap<>();
  private final Map<Cid, byte[]> changed = new LinkedHashMap<>(); // key -> winner before the merge
  private final Map<Cid, byte[]> winners = new HashMap<>(); // key -> winner now, for changed keys

  /**
   * Starts a merge into the replica of {@code store}, computing element vectors with {@code
   * hasher}. {@code heads} and {@code vector} are the replica's committed heads and version vector,
   * which the replica keeps in memory: reading them back from the datastore would scan past every
   * head deleted since the last compaction.
   */
  Merge(
      Datastore store,
      ReplicaKeys keys,
      LtHash.Hasher hasher,
      List<BlockRef> heads,
      VersionVector vector) {
    this.store = store;
    this.keys = keys;
    this.hasher = hasher;
    for (BlockRef head : heads) {
      this.heads.put(head.cid(), head);
    }
    this.vector.putAll(vector.entries());
    this.overlay = new Overlay(store);
    this.stateDigest = LtHash.fromBytes(store.get(keys.meta(ReplicaKeys.META_STATE_DIGEST)));
    this.liveDigest = LtHash.fromBytes(store.get(keys.meta(ReplicaKeys.META_LIVE_DIGEST)));
    byte[] n = store.get(keys.meta(ReplicaKeys.META_PINS));
    this.pins = n == null ? 0 : ByteBuffer.wrap(n).getLong();
  }

  /** Whether the causal context holds {@code dot}: its block was merged (or is covered). */
  boolean contains(Dot dot) {
    return dot.seq() <= vectorEntry(dot.writer()) || overlay.has(keys.above(dot));
  }

  /** The version vector's entry of {@code writer}: every seq up to it is merged. */
  long vectorEntry(WriterId writer) {
    return vector.getOrDefault(writer, 0L);
  }

  /** Merges {@code block}; see the class comment. */
  Outcome merge(DeltaBlock block) {
    Delta delta = block.delta();
    Dot dot = delta.dot();
    if (contains(dot)) {
      byte[] known = overlay.get(keys.blockByDot(dot));
      return known != null && !Arrays.equals(known, block.cid().toBytes())
          ? Outcome.EQUIVOCATION
          : Outcome.DUPLICATE;
    }
    overlay.put(keys.block(block.cid()), block.sharedBytes());
    overlay.put(keys.blockByDot(dot), block.cid().toBytes());
    addToContext(dot);

    Set<Cid> recompute = new LinkedHashSet<>();
    for (Delta.Remove remove : delta.removes()) {
      for (Dot removed : remove.dots()) {
        if (contains(removed)) {
          byte[] liveKey = keys.live(remove.key(), removed);
          byte[] live = overlay.get(liveKey);
          if (live != null) {
            overlay.delete(liveKey);
            liveDigest.remove(live(remove.key(), removed, live));
            recompute.add(remove.key());
          }
        } else {
          byte[] killKey = keys.kill(removed, remove.key());
          if (!overlay.has(killKey)) {
            overlay.put(killKey, dot.toBytes());
          }
        }
      }
    }

    Set<Cid> killed = new HashSet<>();
    byte[] killPrefix = keys.killPrefix(dot);
    for (Overlay.Entry kill : overlay.scan(killPrefix)) {
      killed.add(Cid.fromBytes(ReplicaKeys.suffix(kill.key(), killPrefix)));
      overlay.delete(kill.key());
    }
    for (Delta.Add add : delta.adds()) {
      if (killed.contains(add.key())) {
        continue;
      }
      byte[] live =
          ByteBuffer.allocate(8 + add.value().length)
              .putLong(delta.height())
              .put(add.value())
              .array();
      overlay.put(keys.live(add.key(), dot), live);
      liveDigest.add(live(add.key(), dot, live));
      if (!recompute.contains(add.key())) {
        byte[] winner = overlay.get(keys.winner(add.key()));
        if (winner == null) {
          setWinner(add.key(), null, add.value()); // no other live element: the key had no winner
        } else {
          recompute.add(add.key());
        }
      }
    }
    for (Cid key : recompute) {
      recomputeWinner(key, dot);
    }

    BlockRef ref = block.ref();
    byte[] pending = keys.pending(block.cid());
    if (overlay.has(pending)) {
      overlay.delete(pending); // a merged block names it as parent: not a head
    } else {
      overlay.put(keys.head(block.cid()), ref.dotAndHeight());
      heads.put(block.cid(), ref);
    }
    for (BlockRef parent : delta.parents()) {
      if (contains(parent.dot())) {
        if (heads.remove(parent.cid()) != null) {
          overlay.delete(keys.head(parent.cid()));
        }
      } else {
        byte[] parentPending = keys.pending(parent.cid());
        if (!overlay.has(parentPending)) {
          overlay.put(parentPending, parent.dotAndHeight());
        }
      }
    }
    metaChanged = true;
    return Outcome.MERGED;
  }

  private void addToContext(Dot dot) {
    WriterId writer = dot.writer();
    long entry = vectorEntry(writer);
    if (dot.seq() != entry + 1) {
      overlay.put(keys.above(dot), new byte[0]);
      return;
    }
    long top = dot.seq();
    while (true) {
      byte[] next = keys.above(new Dot(writer, top + 1));
      if (!overlay.has(next)) {
        break;
      }
      overlay.delete(next);
      top++;
    }
    vector.put(writer, top);
    overlay.put(keys.versionVector(writer), ByteBuffer.allocate(8).putLong(top).array());
  }

  /** Sets W[key] to the live element with the greatest (height, dot), or removes it. */
  private void recomputeWinner(Cid key, Dot merging) {
    byte[] prefix = keys.livePrefix(key);
    Dot bestDot = null;
    long bestHeight = 0;
    byte[] best = null;
    for (Overlay.Entry e : overlay.scan(prefix)) {
      Dot d = Dot.fromBytes(e.key(), prefix.length);
      long h = ByteBuffer.wrap(e.value(), 0, 8).getLong();
      if (best == null || h > bestHeight || (h == bestHeight && d.compareTo(bestDot) > 0)) {
        bestDot = d;
        bestHeight = h;
        best = e.value();
      }
    }
    byte[] old = overlay.get(keys.winner(key));
    if (best == null) {
      if (old != null) {
        overlay.delete(keys.winner(key));
        winners.put(key, null);
        stateDigest.remove(state(key, old));
        pins -= RemovalRecord.isRecord(key) ? 0 : 1;
        changed(key, old);
      }
      return;
    }
    byte[] value = Arrays.copyOfRange(best, 8, best.length);
    if (old == null || bestDot.equals(merging) || !Arrays.equals(old, value)) {
      setWinner(key, old, value);
    }
  }

  private void setWinner(Cid key, byte[] old, byte[] value) {
    overlay.put(keys.winner(key), value);
    winners.put(key, value);
    if (old == null) {
      pins += RemovalRecord.isRecord(key) ? 0 : 1;
      stateDigest.add(state(key, value));
    } else if (!Arrays.equals(old, value)) {
      stateDigest.remove(state(key, old));
      stateDigest.add(state(key, value));
    }
    changed(key, old);
  }

  /** Notes that W[key] changed from {@code old}, unless it changed earlier in this merge. */
  private void changed(Cid key, byte[] old) {
    if (!changed.containsKey(key)) {
      changed.put(key, old);
    }
  }

  /** The state element of (key, value), in the hasher's buffer: add or remove it at once. */
  private byte[] state(Cid key, byte[] value) {
    return hasher.element(STATE, key.toBytes(), value);
  }

  /** The live element of (key, dot), in the hasher's buffer: add or remove it at once. */
  private byte[] live(Cid key, Dot dot, byte[] heightAndValue) {
    return hasher.element(LIVE, key.toBytes(), dot.toBytes(), heightAndValue);
  }

  static byte[] stateElement(Cid key, byte[] value) {
    return LtHash.element(STATE_DOMAIN, key.toBytes(), value);
  }

  static byte[] liveElement(Cid key, Dot dot, byte[] heightAndValue) {
    return LtHash.element(LIVE_DOMAIN, key.toBytes(), dot.toBytes(), heightAndValue);
  }

  /** The heads with this merge applied, sorted by dot. */
  List<BlockRef> heads() {
    List<BlockRef> out = new ArrayList<>(heads.values());
    out.sort((a, b) -> a.dot().compareTo(b.dot()));
    return List.copyOf(out);
  }

  /** The fingerprint of the state digest with this merge applied ({@link LtHash#fingerprint}). */
  String stateFingerprint() {
    return stateDigest.fingerprint();
  }

  /** The version vector with this merge applied. */
  VersionVector vector() {
    return new VersionVector(new TreeMap<>(vector));
  }

  /** The pinset entries this merge changed, in the order they first changed. */
  List<Change> changes() {
    List<Change> out = new ArrayList<>(changed.size());
    for (Map.Entry<Cid, byte[]> e : changed.entrySet()) {
      out.add(new Change(e.getKey(), winners.get(e.getKey()), e.getValue()));
    }
    return out;
  }

  /** Writes everything merged in one batch; with {@code sync}, durable on return. */
  void commit(boolean sync) {
    if (metaChanged) {
      overlay.put(keys.meta(ReplicaKeys.META_STATE_DIGEST), stateDigest.toBytes());
      overlay.put(keys.meta(ReplicaKeys.META_LIVE_DIGEST), liveDigest.toBytes());
      overlay.put(keys.meta(ReplicaKeys.META_PINS), ByteBuffer.allocate(8).putLong(pins).array());
    }
    if (overlay.size() == 0) {
      return;
    }
    try (Batch batch = store.newBatch()) {
      overlay.writeTo(batch);
      batch.commit(sync);
    }
  }
}
