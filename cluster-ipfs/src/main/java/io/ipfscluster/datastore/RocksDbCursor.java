package io.ipfscluster.datastore;

import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A {@link Cursor} over a RocksDB iterator bounded above by the end of the scanned range.
 *
 * <p>Not thread-safe, like every cursor. Every native call goes through the store, which keeps the
 * store open for its duration; the store frees the native iterator when either the cursor or the
 * store is closed, whichever comes first.
 */
final class RocksDbCursor implements Cursor {
  private final RocksDbDatastore store;
  private final KeyRange range;
  private final Slice upperBound; // null when the range is unbounded
  private final ReadOptions readOptions;
  private final RocksIterator iterator;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean started;
  private boolean onEntry;

  private RocksDbCursor(
      RocksDbDatastore store,
      KeyRange range,
      Slice upperBound,
      ReadOptions readOptions,
      RocksIterator iterator) {
    this.store = store;
    this.range = range;
    this.upperBound = upperBound;
    this.readOptions = readOptions;
    this.iterator = iterator;
  }

  static RocksDbCursor open(RocksDbDatastore store, RocksDB db, KeyRange range) {
    Slice upperBound = range.end() == null ? null : new Slice(range.end());
    // A cursor reads a range once, often the whole pinset: its blocks would push the point
    // lookups' working set out of the block cache and grow the process by the cache's size
    // (issue 4: RSS with a million pins). Read them through the page cache instead.
    ReadOptions readOptions = new ReadOptions().setFillCache(false);
    if (upperBound != null) {
      readOptions.setIterateUpperBound(upperBound);
    }
    return new RocksDbCursor(store, range, upperBound, readOptions, db.newIterator(readOptions));
  }

  @Override
  public boolean next() {
    return store.cursorCall(
        this,
        () -> {
          if (!started) {
            started = true;
            if (range.isEmpty()) {
              return false;
            }
            iterator.seek(range.start());
          } else if (onEntry) {
            iterator.next();
          } else {
            return false;
          }
          onEntry = iterator.isValid();
          if (!onEntry) {
            // An invalid iterator means either the end or an error; status() throws on error.
            iterator.status();
          }
          return onEntry;
        });
  }

  @Override
  public byte[] key() {
    return store.cursorCall(this, () -> entry().key());
  }

  @Override
  public byte[] value() {
    return store.cursorCall(this, () -> entry().value());
  }

  private RocksIterator entry() {
    if (!onEntry) {
      throw new IllegalStateException("cursor is not on an entry; call next() first");
    }
    return iterator;
  }

  @Override
  public void close() {
    store.closeCursor(this);
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Frees the native objects, once; returns false if they were already freed. */
  boolean release() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    iterator.close();
    readOptions.close();
    if (upperBound != null) {
      upperBound.close();
    }
    return true;
  }
}
