package io.ipfscluster.datastore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Datastore} held in memory, for tests and tools: fast, and empty again on every start.
 *
 * <p>Thread-safe. Point reads never see half of a batch: writes and commits hold a write lock,
 * {@link #get} and {@link #has} a read lock. Cursors, unlike RocksDB's, read no snapshot: they are
 * weakly consistent, walking the live map without locks, so a scan may or may not see writes made
 * while it runs (including part of a batch committed meanwhile), but never sees an entry twice or
 * out of order. Nothing is durable; {@link #close()} drops all entries.
 */
public final class MemoryDatastore implements Datastore {
  private final ConcurrentSkipListMap<byte[], byte[]> entries =
      new ConcurrentSkipListMap<>(KeyRange.ORDER);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** Creates an empty store. */
  public MemoryDatastore() {}

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      byte[] value = entries.get(key);
      return value == null ? null : value.clone();
    } finally {
      read.unlock();
    }
  }

  @Override
  public boolean has(byte[] key) {
    Objects.requireNonNull(key, "key");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      return entries.containsKey(key);
    } finally {
      read.unlock();
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    apply(List.of(Op.put(key, value)));
  }

  @Override
  public void delete(byte[] key) {
    apply(List.of(Op.delete(key)));
  }

  @Override
  public void deletePrefix(byte[] prefix) {
    apply(List.of(Op.deletePrefix(prefix)));
  }

  @Override
  public Batch newBatch() {
    checkOpen();
    return new MemoryBatch();
  }

  @Override
  public Cursor iterate(byte[] prefix, byte[] after) {
    KeyRange range = KeyRange.of(prefix, after);
    checkOpen();
    return new MemoryCursor(range(range).entrySet().iterator());
  }

  @Override
  public long approximateSizeBytes(byte[] prefix) {
    KeyRange range = KeyRange.of(prefix, null);
    checkOpen();
    long bytes = 0;
    for (Map.Entry<byte[], byte[]> entry : range(range).entrySet()) {
      bytes += entry.getKey().length + entry.getValue().length;
    }
    return bytes;
  }

  @Override
  public void compact() {
    checkOpen();
  }

  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      closed = true;
      entries.clear();
    } finally {
      write.unlock();
    }
  }

  @Override
  public String toString() {
    return "memory datastore";
  }

  private NavigableMap<byte[], byte[]> range(KeyRange range) {
    if (range.isEmpty()) {
      return Collections.emptyNavigableMap();
    }
    return range.end() == null
        ? entries.tailMap(range.start(), true)
        : entries.subMap(range.start(), true, range.end(), false);
  }

  private void apply(List<Op> ops) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      checkOpen();
      for (Op op : ops) {
        switch (op) {
          case Op.Put put -> entries.put(put.key(), put.value());
          case Op.Delete delete -> entries.remove(delete.key());
          case Op.DeletePrefix deletePrefix ->
              range(KeyRange.of(deletePrefix.prefix(), null)).clear();
        }
      }
    } finally {
      write.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("memory datastore is closed");
    }
  }

  /** One write of a batch; arrays are private copies. */
  private sealed interface Op {
    record Put(byte[] key, byte[] value) implements Op {}

    record Delete(byte[] key) implements Op {}

    record DeletePrefix(byte[] prefix) implements Op {}

    static Op put(byte[] key, byte[] value) {
      return new Put(
          KeyRange.checkWritable(key).clone(), Objects.requireNonNull(value, "value").clone());
    }

    static Op delete(byte[] key) {
      return new Delete(Objects.requireNonNull(key, "key").clone());
    }

    static Op deletePrefix(byte[] prefix) {
      return new DeletePrefix(Objects.requireNonNull(prefix, "prefix").clone());
    }
  }

  private final class MemoryBatch implements Batch {
    private final List<Op> ops = new ArrayList<>();
    private boolean committed;
    private boolean closed;

    @Override
    public Batch put(byte[] key, byte[] value) {
      return add(Op.put(key, value));
    }

    @Override
    public Batch delete(byte[] key) {
      return add(Op.delete(key));
    }

    @Override
    public Batch deletePrefix(byte[] prefix) {
      return add(Op.deletePrefix(prefix));
    }

    private Batch add(Op op) {
      checkUsable();
      ops.add(op);
      return this;
    }

    @Override
    public int size() {
      return ops.size();
    }

    @Override
    public void commit(boolean sync) {
      checkUsable();
      apply(ops);
      committed = true;
    }

    @Override
    public void close() {
      closed = true;
      ops.clear();
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

  private final class MemoryCursor implements Cursor {
    private final Iterator<Map.Entry<byte[], byte[]>> iterator;
    private Map.Entry<byte[], byte[]> current;
    private boolean closed;

    MemoryCursor(Iterator<Map.Entry<byte[], byte[]>> iterator) {
      this.iterator = iterator;
    }

    @Override
    public boolean next() {
      if (closed) {
        throw new IllegalStateException("cursor is closed");
      }
      checkOpen();
      current = iterator.hasNext() ? iterator.next() : null;
      return current != null;
    }

    @Override
    public byte[] key() {
      return entry().getKey().clone();
    }

    @Override
    public byte[] value() {
      return entry().getValue().clone();
    }

    private Map.Entry<byte[], byte[]> entry() {
      if (current == null) {
        throw new IllegalStateException("cursor is not on an entry; call next() first");
      }
      return current;
    }

    @Override
    public void close() {
      closed = true;
      current = null;
    }
  }
}
