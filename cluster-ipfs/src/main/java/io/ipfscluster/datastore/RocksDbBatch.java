package io.ipfscluster.datastore;

import java.util.Objects;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A {@link Batch} collected in a native RocksDB {@link WriteBatch} and written with one call.
 *
 * <p>Not thread-safe, like every batch.
 */
final class RocksDbBatch implements Batch {
  private final RocksDbDatastore store;
  private final WriteBatch batch = new WriteBatch();
  private int size;
  private boolean committed;
  private boolean closed;

  RocksDbBatch(RocksDbDatastore store) {
    this.store = store;
  }

  @Override
  public Batch put(byte[] key, byte[] value) {
    KeyRange.checkWritable(key);
    Objects.requireNonNull(value, "value");
    checkUsable();
    try {
      batch.put(key, value);
    } catch (RocksDBException e) {
      throw new DatastoreException("batch put failed for " + store + ": " + e.getMessage(), e);
    }
    size++;
    return this;
  }

  @Override
  public Batch delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkUsable();
    try {
      batch.delete(key);
    } catch (RocksDBException e) {
      throw new DatastoreException("batch delete failed for " + store + ": " + e.getMessage(), e);
    }
    size++;
    return this;
  }

  @Override
  public Batch deletePrefix(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    checkUsable();
    try {
      batch.deleteRange(prefix, KeyRange.finiteEnd(prefix));
    } catch (RocksDBException e) {
      throw new DatastoreException(
          "batch deletePrefix failed for " + store + ": " + e.getMessage(), e);
    }
    size++;
    return this;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void commit(boolean sync) {
    checkUsable();
    store.write(batch, sync);
    committed = true;
    batch.close();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      batch.close();
    }
  }

  private void checkUsable() {
    if (committed) {
      throw new IllegalStateException("batch was already committed");
    }
    if (closed) {
      throw new IllegalStateException("batch is closed");
    }
  }
}
