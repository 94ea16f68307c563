package io.ipfscluster.datastore;

import java.util.Arrays;
import java.util.Objects;

/**
 * A view of a {@link Datastore} that stores every key under a fixed prefix and hands keys out
 * without it. Returned by {@link Datastore#namespace(byte[])}.
 *
 * <p>Thread-safe as far as the underlying store is. Closing the view marks only the view closed.
 */
final class NamespacedDatastore implements Datastore {
  private final Datastore base;
  private final byte[] prefix;
  private volatile boolean closed;

  NamespacedDatastore(Datastore base, byte[] prefix) {
    this.base = Objects.requireNonNull(base, "base");
    this.prefix = Objects.requireNonNull(prefix, "prefix").clone();
  }

  private byte[] inner(byte[] key) {
    checkOpen();
    return KeyRange.concat(prefix, Objects.requireNonNull(key, "key"));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("datastore namespace " + describe() + " is closed");
    }
  }

  private String describe() {
    return "'" + KeyRange.printable(prefix) + "'";
  }

  @Override
  public byte[] get(byte[] key) {
    return base.get(inner(key));
  }

  @Override
  public boolean has(byte[] key) {
    return base.has(inner(key));
  }

  @Override
  public void put(byte[] key, byte[] value) {
    base.put(inner(key), value);
  }

  @Override
  public void delete(byte[] key) {
    base.delete(inner(key));
  }

  @Override
  public void deletePrefix(byte[] prefix) {
    base.deletePrefix(inner(prefix));
  }

  @Override
  public Batch newBatch() {
    checkOpen();
    return new NamespacedBatch(base.newBatch());
  }

  @Override
  public Cursor iterate(byte[] prefix, byte[] after) {
    byte[] innerPrefix = inner(prefix);
    byte[] innerAfter = after == null ? null : KeyRange.concat(this.prefix, after);
    return new NamespacedCursor(base.iterate(innerPrefix, innerAfter));
  }

  @Override
  public long approximateSizeBytes(byte[] prefix) {
    return base.approximateSizeBytes(inner(prefix));
  }

  @Override
  public Datastore namespace(byte[] prefix) {
    return base.namespace(inner(prefix));
  }

  @Override
  public void compact() {
    checkOpen();
    base.compact();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "namespace " + describe() + " of " + base;
  }

  private final class NamespacedBatch implements Batch {
    private final Batch batch;

    NamespacedBatch(Batch batch) {
      this.batch = batch;
    }

    @Override
    public Batch put(byte[] key, byte[] value) {
      batch.put(inner(key), value);
      return this;
    }

    @Override
    public Batch delete(byte[] key) {
      batch.delete(inner(key));
      return this;
    }

    @Override
    public Batch deletePrefix(byte[] prefix) {
      batch.deletePrefix(inner(prefix));
      return this;
    }

    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public void commit(boolean sync) {
      checkOpen();
      batch.commit(sync);
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  private final class NamespacedCursor implements Cursor {
    private final Cursor cursor;

    NamespacedCursor(Cursor cursor) {
      this.cursor = cursor;
    }

    @Override
    public boolean next() {
      checkOpen();
      return cursor.next();
    }

    @Override
    public byte[] key() {
      byte[] key = cursor.key();
      return Arrays.copyOfRange(key, prefix.length, key.length);
    }

    @Override
    public byte[] value() {
      return cursor.value();
    }

    @Override
    public void close() {
      cursor.close();
    }
  }
}
