package io.ipfscluster.datastore;

/**
 * A group of writes applied atomically: after {@link #commit(boolean)} either all of them are
 * visible or, if the commit throws, none is. Nothing is visible before the commit. A batch is
 * single-use: after a commit it accepts no more writes.
 *
 * <p>Closing a batch that was not committed discards it. Use it in try-with-resources:
 *
 * <pre>{@code
 * try (Batch batch = datastore.newBatch()) {
 *   batch.put(key, value);
 *   batch.delete(otherKey);
 *   batch.commit(true);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: fill and commit a batch from one thread, or guard it externally (as a group
 * committer does). Operations are applied in the order they were added, so a later write to a key
 * wins.
 */
public interface Batch extends AutoCloseable {

  /**
   * Adds a write of {@code value} under {@code key}.
   *
   * @throws IllegalArgumentException if the key is longer than {@link Datastore#MAX_KEY_BYTES}
   */
  Batch put(byte[] key, byte[] value);

  /** Adds a removal of {@code key}. */
  Batch delete(byte[] key);

  /**
   * Adds a removal of every key that starts with {@code prefix} (the empty prefix: all keys),
   * including keys written earlier in this batch.
   */
  Batch deletePrefix(byte[] prefix);

  /** The number of operations added so far. */
  int size();

  /**
   * Applies every operation atomically.
   *
   * @param sync if true, the batch is durable on disk (write-ahead log fsynced) when this returns;
   *     if false, it survives a crash of the process but may be lost if the machine loses power
   *     before the next synced write or {@link Datastore#close()}
   * @throws DatastoreException if the store fails to write; nothing was applied and the batch may
   *     be committed again
   * @throws IllegalStateException if the batch was already committed or closed, or the store is
   *     closed
   */
  void commit(boolean sync);

  /** Discards the batch if it was not committed and frees its resources. Idempotent. */
  @Override
  void close();
}
