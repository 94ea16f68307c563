package io.ipfscluster.ipfs.node;

import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The node's pins in its {@link Datastore}: {@code r<CID bytes>} for recursive pins and {@code
 * d<CID bytes>} for direct ones, each holding the pin's name (UTF-8, often empty). Indirect pins
 * are not stored: they are whatever recursive pins reach.
 *
 * <p>Every change is one batch, so a change of type (direct to recursive, or an update from one CID
 * to another) is atomic. A new pin is written without an fsync: the datastore's write-ahead log
 * reaches the operating system before the call returns, so the pin survives the process being
 * killed; a power loss may forget the newest pins, as kubo's pin records in leveldb, and the
 * cluster pins them again (their blocks were synced before, {@link Pinner}). Removals and updates
 * are synced: garbage collection may delete the blocks right after them, and must never leave a pin
 * whose blocks are gone. An fsync per new pin cost a busy peer more CPU than all the rest of
 * pinning. Thread-safe, as the datastore is.
 */
final class PinStore {
  static final byte RECURSIVE = 'r';
  static final byte DIRECT = 'd';

  private final Datastore store;

  PinStore(Datastore store) {
    this.store = store;
  }

  /** A pin as stored. */
  record Entry(Cid cid, byte type, String name) {}

  boolean isRecursive(Cid cid) {
    return store.has(key(RECURSIVE, cid));
  }

  boolean isDirect(Cid cid) {
    return store.has(key(DIRECT, cid));
  }

  /** The name of the pin of this type, or null if there is no such pin. */
  String name(byte type, Cid cid) {
    byte[] value = store.get(key(type, cid));
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Pins {@code cid} recursively, replacing a direct pin of it. */
  void addRecursive(Cid cid, String name) {
    try (Batch batch = store.newBatch()) {
      batch.delete(key(DIRECT, cid));
      batch.put(key(RECURSIVE, cid), utf8(name));
      batch.commit(false);
    }
  }

  /** Pins {@code cid} directly. */
  void addDirect(Cid cid, String name) {
    try (Batch batch = store.newBatch()) {
      batch.put(key(DIRECT, cid), utf8(name));
      batch.commit(false);
    }
  }

  /** Removes every pin of {@code cid}. */
  void remove(Cid cid) {
    try (Batch batch = store.newBatch()) {
      batch.delete(key(RECURSIVE, cid));
      batch.delete(key(DIRECT, cid));
      batch.commit(true);
    }
  }

  /**
   * Pins {@code to} recursively with {@code name}, and unpins {@code from} if asked, atomically.
   */
  void update(Cid from, Cid to, String name, boolean unpin) {
    try (Batch batch = store.newBatch()) {
      batch.delete(key(DIRECT, to));
      batch.put(key(RECURSIVE, to), utf8(name));
      if (unpin) {
        batch.delete(key(RECURSIVE, from));
        batch.delete(key(DIRECT, from));
      }
      batch.commit(true);
    }
  }

  /** Calls {@code action} with each pin of {@code type}, in key order, streaming. */
  void forEach(byte type, Consumer<Entry> action) {
    try (Cursor cursor = store.iterate(new byte[] {type})) {
      while (cursor.next()) {
        byte[] key = cursor.key();
        action.accept(
            new Entry(
                Cid.fromBytes(java.util.Arrays.copyOfRange(key, 1, key.length)),
                type,
                new String(cursor.value(), StandardCharsets.UTF_8)));
      }
    }
  }

  /** The CIDs of every pin of {@code type}; the iterator must be read to the end or closed. */
  CloseableIterator<Cid> cids(byte type) {
    Cursor cursor = store.iterate(new byte[] {type});
    return new CloseableIterator<>() {
      private Cid next;

      @Override
      public boolean hasNext() {
        if (next == null && cursor.next()) {
          byte[] key = cursor.key();
          next = Cid.fromBytes(java.util.Arrays.copyOfRange(key, 1, key.length));
        }
        if (next == null) {
          cursor.close();
        }
        return next != null;
      }

      @Override
      public Cid next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cid result = next;
        next = null;
        return result;
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  /** An iterator over a datastore cursor. */
  interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
  }

  private static byte[] key(byte type, Cid cid) {
    byte[] cidBytes = cid.toBytes();
    byte[] key = new byte[cidBytes.length + 1];
    key[0] = type;
    System.arraycopy(cidBytes, 0, key, 1, cidBytes.length);
    return key;
  }

  private static byte[] utf8(String name) {
    return (name == null ? "" : name).getBytes(StandardCharsets.UTF_8);
  }
}
