package io.ipfscluster.datastore;

/**
 * A forward-only position over entries of a {@link Datastore}, in key order. It starts before the
 * first entry; {@link #next()} moves it and says whether an entry is there.
 *
 * <pre>{@code
 * try (Cursor cursor = datastore.iterate(prefix)) {
 *   while (cursor.next()) {
 *     handle(cursor.key(), cursor.value());
 *   }
 * }
 * }</pre>
 *
 * <p>Keys and values are read only when asked for, so a scan that needs only keys does not copy
 * values. Not thread-safe: use a cursor from one thread at a time. It must be closed; the store
 * closes cursors still open when the store itself closes, after which they throw {@link
 * IllegalStateException}.
 */
public interface Cursor extends AutoCloseable {

  /**
   * Moves to the next entry.
   *
   * @return true if the cursor is now on an entry, false once the entries are exhausted
   * @throws DatastoreException if reading the store failed
   * @throws IllegalStateException if the cursor or its store is closed
   */
  boolean next();

  /**
   * The key at the cursor, as a new array.
   *
   * @throws IllegalStateException if the cursor is not on an entry
   */
  byte[] key();

  /**
   * The value at the cursor, as a new array.
   *
   * @throws IllegalStateException if the cursor is not on an entry
   */
  byte[] value();

  /** Releases the cursor. Idempotent. */
  @Override
  void close();
}
