package io.ipfscluster.consensus.crdt;

import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Writes being prepared for one atomic batch, readable before they are committed: reads see the
 * datastore with these writes applied. A merge of several blocks reads what the earlier blocks
 * wrote, then everything goes to the datastore in one {@link Batch}.
 *
 * <p>Point reads of the datastore are remembered: the replica's single writer is the only one that
 * changes its keys, so a key read twice in one batch (the winner of a key, looked up when the
 * operation is built and again when its block is merged) costs one datastore read. At most {@link
 * #REMEMBERED_READS} are kept: enough for a local batch, while the merge of a large sync (tens of
 * thousands of keys) does not hold every value it read on the heap of a peer sized for 512 MiB.
 *
 * <p>Not thread-safe: owned by the replica's single writer.
 */
final class Overlay {
  /** Marks a deleted key; compared by identity, so a stored empty value is not mistaken for it. */
  private static final byte[] DELETED = new byte[0];

  /** How many datastore reads an overlay remembers; later reads go to the datastore each time. */
  static final int REMEMBERED_READS = 8192;

  private final Datastore store;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  /** Datastore values read by get or has; {@link #DELETED} for keys the datastore lacks. */
  private final TreeMap<byte[], byte[]> reads = new TreeMap<>(Arrays::compareUnsigned);

  Overlay(Datastore store) {
    this.store = store;
  }

  /** A key and its value. */
  record Entry(byte[] key, byte[] value) {}

  byte[] get(byte[] key) {
    byte[] w = writes.get(key);
    if (w == null) {
      w = read(key);
    }
    return w == DELETED ? null : w;
  }

  boolean has(byte[] key) {
    byte[] w = writes.get(key);
    if (w == null) {
      w = read(key);
    }
    return w != DELETED;
  }

  private byte[] read(byte[] key) {
    byte[] r = reads.get(key);
    if (r == null) {
      r = store.get(key);
      if (reads.size() < REMEMBERED_READS) {
        reads.put(key, r == null ? DELETED : r);
      }
    }
    return r == null ? DELETED : r;
  }

  void put(byte[] key, byte[] value) {
    if (value == DELETED) {
      value = new byte[0];
    }
    writes.put(key, value);
  }

  /** Deletes {@code key}; callers check that it exists, to keep batches free of no-op deletes. */
  void delete(byte[] key) {
    writes.put(key, DELETED);
  }

  /**
   * The entries whose keys start with {@code prefix}, in key order, with this overlay applied.
   * Collects them: use it for prefixes known to hold few keys (the elements of one key, the kills
   * of one dot, the heads).
   */
  List<Entry> scan(byte[] prefix) {
    List<Entry> out = new ArrayList<>();
    byte[] end = successor(prefix);
    NavigableMap<byte[], byte[]> local =
        end == null ? writes.tailMap(prefix, true) : writes.subMap(prefix, true, end, false);
    Iterator<Map.Entry<byte[], byte[]>> mine = local.entrySet().iterator();
    Map.Entry<byte[], byte[]> m = mine.hasNext() ? mine.next() : null;
    try (Cursor cursor = store.iterate(prefix)) {
      byte[] k = cursor.next() ? cursor.key() : null;
      while (k != null || m != null) {
        int c = k == null ? 1 : m == null ? -1 : Arrays.compareUnsigned(k, m.getKey());
        if (c < 0) {
          out.add(new Entry(k, cursor.value()));
          k = cursor.next() ? cursor.key() : null;
        } else {
          if (m.getValue() != DELETED) {
            out.add(new Entry(m.getKey(), m.getValue()));
          }
          if (c == 0) {
            k = cursor.next() ? cursor.key() : null;
          }
          m = mine.hasNext() ? mine.next() : null;
        }
      }
    }
    return out;
  }

  /** The number of writes. */
  int size() {
    return writes.size();
  }

  /** Adds every write to {@code batch}, in key order. */
  void writeTo(Batch batch) {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == DELETED) {
        batch.delete(e.getKey());
      } else {
        batch.put(e.getKey(), e.getValue());
      }
    }
  }

  private static byte[] successor(byte[] prefix) {
    int i = prefix.length - 1;
    while (i >= 0 && prefix[i] == (byte) 0xFF) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    byte[] next = Arrays.copyOf(prefix, i + 1);
    next[i]++;
    return next;
  }
}
