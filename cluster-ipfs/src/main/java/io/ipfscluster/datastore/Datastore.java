package io.ipfscluster.datastore;

import java.nio.charset.StandardCharsets;

/**
 * An ordered key-value store: point reads and writes, atomic batches and prefix scans over byte
 * keys sorted as unsigned bytes, lexicographically.
 *
 * <p>Implementations are thread-safe: any number of threads may read and write concurrently. The
 * {@link Batch} and {@link Cursor} objects a store hands out are not; each belongs to one thread at
 * a time.
 *
 * <p><b>Durability.</b> {@link #put}, {@link #delete} and {@link #deletePrefix} are durable when
 * they return (for a disk store, the write-ahead log has been fsynced). Each therefore costs one
 * fsync; to write many entries, or to write without waiting for the disk, use {@link #newBatch()}
 * and {@link Batch#commit(boolean)}: one batch, one fsync, all or nothing.
 *
 * <p><b>Arrays.</b> Keys and values passed in are copied (or written) before the method returns, so
 * callers may reuse them; arrays handed out are fresh copies the caller owns. {@code null} keys,
 * values and prefixes are rejected with {@link NullPointerException}; empty keys and empty values
 * are allowed.
 *
 * <p><b>Errors.</b> A failure of the store (I/O error, full disk, corruption) throws {@link
 * DatastoreException}. Any call after {@link #close()} throws {@link IllegalStateException}.
 *
 * <p><b>Namespaces.</b> {@link #namespace(byte[])} returns a view whose keys are stored under a
 * prefix; components take one view each, with a prefix from {@link KeySpace}.
 */
public interface Datastore extends AutoCloseable {

  /**
   * The longest key a store accepts, in bytes (after any namespace prefix). The bound lets a prefix
   * deletion of a prefix that no key sorts after (empty or all {@code 0xFF}) be a single range
   * deletion ending at {@code MAX_KEY_BYTES + 1} bytes of {@code 0xFF}.
   */
  int MAX_KEY_BYTES = 4096;

  /** Returns the value stored under {@code key}, or {@code null} if there is none. */
  byte[] get(byte[] key);

  /** Returns true if a value is stored under {@code key}. */
  boolean has(byte[] key);

  /**
   * Stores {@code value} under {@code key}, replacing any previous value; durable on return.
   *
   * @throws IllegalArgumentException if the key is longer than {@link #MAX_KEY_BYTES}
   */
  void put(byte[] key, byte[] value);

  /** Removes {@code key}; a no-op if it is absent. Durable on return. */
  void delete(byte[] key);

  /**
   * Removes every key that starts with {@code prefix}, atomically; the empty prefix removes
   * everything. Durable on return. On RocksDB this is a range deletion, whose cost does not grow
   * with the number of keys removed.
   */
  void deletePrefix(byte[] prefix);

  /** Starts an empty batch of writes, applied atomically by {@link Batch#commit(boolean)}. */
  Batch newBatch();

  /**
   * Opens a cursor over the keys that start with {@code prefix}, in key order; the empty prefix
   * covers the whole store. Equivalent to {@code iterate(prefix, null)}.
   */
  default Cursor iterate(byte[] prefix) {
    return iterate(prefix, null);
  }

  /**
   * Opens a cursor over the keys that start with {@code prefix} and sort strictly after {@code
   * after}, in key order; with {@code after == null} the cursor starts at the first key of the
   * prefix. Passing the last key of one page as {@code after} yields the next page.
   *
   * <p>Entries are streamed, never collected. What concurrent writes the cursor sees depends on the
   * implementation: a RocksDB cursor reads a snapshot taken when it was opened. Close the cursor
   * when done; an open cursor holds resources of the store.
   */
  Cursor iterate(byte[] prefix, byte[] after);

  /**
   * Counts the keys that start with {@code prefix} by walking them: linear in their number,
   * constant in memory, and no values are read.
   */
  default long count(byte[] prefix) {
    long n = 0;
    try (Cursor cursor = iterate(prefix)) {
      while (cursor.next()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Estimates the bytes that keys starting with {@code prefix} and their values occupy, for
   * statistics. On RocksDB this reads file metadata and is cheap and approximate (compressed size
   * on disk plus memtables); in memory it sums key and value lengths and is exact but linear.
   */
  long approximateSizeBytes(byte[] prefix);

  /** Estimates the bytes the whole store (or the whole namespace, for a view) occupies. */
  default long approximateSizeBytes() {
    return approximateSizeBytes(KeyRange.EMPTY);
  }

  /**
   * Returns a view of this store in which every key is stored under {@code prefix}: the view sees,
   * scans and deletes only those keys, and hands them out without the prefix. Views nest. Closing a
   * view does not close this store; closing this store makes its views unusable.
   *
   * <p>Pick prefixes so that no component's prefix is a prefix of another's; {@link KeySpace} lists
   * the ones in use.
   */
  default Datastore namespace(byte[] prefix) {
    return new NamespacedDatastore(this, prefix);
  }

  /** Same as {@link #namespace(byte[])} with the UTF-8 bytes of {@code prefix}. */
  default Datastore namespace(String prefix) {
    return namespace(prefix.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Compacts the store, reclaiming the space of deleted and overwritten entries. Blocks until done;
   * may take long on a large store. A no-op in memory. On a view, compacts the whole store.
   */
  void compact();

  /**
   * Closes the store and the cursors still open on it. For a disk store, every write committed
   * before, synced or not, is durable once this returns. Idempotent.
   */
  @Override
  void close();
}
