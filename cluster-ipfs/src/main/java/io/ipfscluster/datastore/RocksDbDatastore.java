package io.ipfscluster.datastore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.Filter;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.Range;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Datastore} kept on disk by RocksDB, in one folder that it locks for its lifetime.
 *
 * <p>Thread-safe: reads and writes from any number of threads run concurrently. Cursors read a
 * snapshot of the store taken when they are opened. {@link #close()} waits for calls in progress
 * (including a running {@link #compact()}), then closes open cursors, syncs the write-ahead log and
 * frees the native resources.
 *
 * <p>Single writes ({@link #put}, {@link #delete}, {@link #deletePrefix}) fsync the write-ahead log
 * before returning. {@link Batch#commit(boolean) commit(false)} writes the log without fsync: the
 * batch survives a crash of the JVM (the OS has the data) but not a power loss.
 *
 * <p>Every RocksDB failure is rethrown as {@link DatastoreException} naming the operation and the
 * folder. Opening a folder that another process (or this one) holds throws a {@code
 * DatastoreException} saying so.
 */
public final class RocksDbDatastore implements Datastore {
  /*
   * Table layout. Keys of one component share a prefix, and scans are prefix scans, so:
   * - Block-based tables with 16 KiB blocks: keys in a block are delta-encoded against their
   *   predecessor, so long shared prefixes cost little, and a scan reads whole blocks. Measured
   *   with 1M pin-sized entries on 2 cores: full scans ran at 2.3M entries/s against 1.9M with
   *   4 KiB blocks, random gets at 140k/s against 169k/s. Listings matter more, so 16 KiB.
   * - Every scan sets iterate_upper_bound to the prefix's successor: RocksDB stops at the end of
   *   the prefix instead of stepping over the next component's keys or over tombstones.
   * - Whole-key Bloom filters and a hash index inside data blocks speed up point reads (get/has
   *   of a CID), the other hot path.
   * - No prefix_extractor: prefixes have no fixed length (namespaces nest, and callers scan
   *   sub-prefixes), and a prefix-mode seek with the wrong extractor silently returns wrong
   *   results. The upper bound gives the same early stop without that risk.
   * - Index and filter are partitioned into blocks of METADATA_BLOCK_BYTES, found through a small
   *   top-level index pinned in the cache. Unpartitioned, each is one block per file: a 64 MiB
   *   file of ~900k pin-sized entries has a 1.1 MB filter and a 0.4 MB index, and a point read
   *   needs the whole filter. With the 64 shards RocksDB cuts a 64 MiB cache into (1 MiB each), a
   *   block bigger than its shard is evicted as soon as the read that loaded it releases it, so
   *   every get re-read and re-checksummed the filter: a 1M-pin CRDT import over an existing state
   *   spent minutes there (BENCHMARKS.md "State import over an existing state"). Partitions keep
   *   every cached block small, and only the partitions in use take cache space.
   * - The block cache still has shards of at least MIN_CACHE_SHARD_BYTES, so that the whole
   *   filters of files written before partitioning stay cached too. Few shards cost little here:
   *   reads hold a shard's lock for microseconds.
   * - deletePrefix is one range tombstone. For prefixes with no successor (empty, all 0xFF) the
   *   range ends at a key longer than MAX_KEY_BYTES, so it stays a single tombstone and also
   *   covers keys written earlier in the same batch.
   */
  private static final Logger log = LoggerFactory.getLogger(RocksDbDatastore.class);

  /** The size of one partition of a file's index or filter. */
  private static final long METADATA_BLOCK_BYTES = 4096;

  /** The smallest block cache shard: several times the whole filter of a 64 MiB file of pins. */
  private static final long MIN_CACHE_SHARD_BYTES = 8L * 1024 * 1024;

  private static final int MAX_CACHE_SHARD_BITS = 6;

  static {
    RocksDB.loadLibrary();
  }

  private final Path folder;
  private final RocksDB db;
  private final Deque<AutoCloseable> resources; // native objects to free after db, newest first
  private final WriteOptions syncWrites;
  private final WriteOptions bufferedWrites;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Set<RocksDbCursor> openCursors = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RocksDbDatastore(
      Path folder,
      RocksDB db,
      Deque<AutoCloseable> resources,
      WriteOptions syncWrites,
      WriteOptions bufferedWrites) {
    this.folder = folder;
    this.db = db;
    this.resources = resources;
    this.syncWrites = syncWrites;
    this.bufferedWrites = bufferedWrites;
  }

  /**
   * Opens the store in {@code folder}, creating the folder and an empty store if missing.
   *
   * @throws DatastoreException if the folder cannot be created, is in use by another process or
   *     already open in this one, or holds a store RocksDB cannot open
   */
  public static RocksDbDatastore open(Path folder, RocksDbSettings settings) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(settings, "settings");
    Path absolute = folder.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new DatastoreException("cannot create datastore folder " + absolute + ": " + e, e);
    }
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      Options options = options(settings, resources);
      WriteOptions syncWrites = keep(resources, new WriteOptions().setSync(true));
      WriteOptions bufferedWrites = keep(resources, new WriteOptions().setSync(false));
      RocksDB db = RocksDB.open(options, absolute.toString());
      log.debug("opened datastore at {} with {}", absolute, settings);
      return new RocksDbDatastore(absolute, db, resources, syncWrites, bufferedWrites);
    } catch (RocksDBException e) {
      freeAll(resources);
      throw openFailure(absolute, e);
    } catch (RuntimeException | Error e) {
      freeAll(resources);
      throw e;
    }
  }

  private static Options options(RocksDbSettings settings, Deque<AutoCloseable> resources) {
    BlockBasedTableConfig table = new BlockBasedTableConfig();
    Cache cache =
        keep(
            resources,
            new LRUCache(settings.blockCacheBytes(), cacheShardBits(settings.blockCacheBytes())));
    table
        .setBlockCache(cache)
        .setBlockSize(settings.blockSizeBytes())
        .setCacheIndexAndFilterBlocks(true)
        .setCacheIndexAndFilterBlocksWithHighPriority(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setIndexType(IndexType.kTwoLevelIndexSearch)
        .setPartitionFilters(true)
        .setMetadataBlockSize(METADATA_BLOCK_BYTES)
        .setPinTopLevelIndexAndFilter(true)
        .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
    if (settings.bloomBitsPerKey() > 0) {
      Filter bloom = keep(resources, new BloomFilter(settings.bloomBitsPerKey()));
      table.setFilterPolicy(bloom).setWholeKeyFiltering(true);
    }
    return keep(resources, new Options())
        .setCreateIfMissing(true)
        .setTableFormatConfig(table)
        .setWriteBufferSize(settings.writeBufferBytes())
        .setMaxWriteBufferNumber(settings.maxWriteBuffers())
        .setMaxOpenFiles(settings.maxOpenFiles())
        .setMaxBackgroundJobs(settings.maxBackgroundJobs())
        .setCompressionType(compressionType(settings.compression()))
        .setBottommostCompressionType(compressionType(settings.bottommostCompression()))
        .setLevelCompactionDynamicLevelBytes(true)
        .setBytesPerSync(settings.bytesPerSync())
        // Deleting obsolete files happens in the background, not in the caller of close().
        .setAvoidUnnecessaryBlockingIO(true)
        .setKeepLogFileNum(5)
        .setMaxLogFileSize(16L * 1024 * 1024);
  }

  /**
   * log2 of the number of block cache shards: as many as RocksDB would use (up to 64), but none
   * smaller than {@link #MIN_CACHE_SHARD_BYTES}.
   */
  private static int cacheShardBits(long capacityBytes) {
    int bits = 0;
    while (bits < MAX_CACHE_SHARD_BITS && (capacityBytes >> (bits + 1)) >= MIN_CACHE_SHARD_BYTES) {
      bits++;
    }
    return bits;
  }

  private static CompressionType compressionType(RocksDbSettings.Compression compression) {
    return switch (compression) {
      case NONE -> CompressionType.NO_COMPRESSION;
      case SNAPPY -> CompressionType.SNAPPY_COMPRESSION;
      case LZ4 -> CompressionType.LZ4_COMPRESSION;
      case ZSTD -> CompressionType.ZSTD_COMPRESSION;
    };
  }

  private static <T extends AutoCloseable> T keep(Deque<AutoCloseable> resources, T resource) {
    resources.push(resource);
    return resource;
  }

  private static DatastoreException openFailure(Path folder, RocksDBException e) {
    String detail = describe(e);
    // RocksDB reports a held LOCK file as an IOError mentioning the lock.
    if (detail.contains("lock hold by current process")) {
      return new DatastoreException(
          "datastore at " + folder + " is already open in this process (" + detail + ")", e);
    }
    if (detail.contains("LOCK")) {
      return new DatastoreException(
          "datastore at " + folder + " is in use by another process (" + detail + ")", e);
    }
    return new DatastoreException("cannot open datastore at " + folder + ": " + detail, e);
  }

  /** The folder holding the store. */
  public Path folder() {
    return folder;
  }

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    return call("get", () -> db.get(key));
  }

  @Override
  public boolean has(byte[] key) {
    Objects.requireNonNull(key, "key");
    // Not keyExists(): it reports I/O errors as "absent" instead of throwing.
    return call("has", () -> db.get(key) != null);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    KeyRange.checkWritable(key);
    Objects.requireNonNull(value, "value");
    call(
        "put",
        () -> {
          db.put(syncWrites, key, value);
          return null;
        });
  }

  @Override
  public void delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    call(
        "delete",
        () -> {
          db.delete(syncWrites, key);
          return null;
        });
  }

  @Override
  public void deletePrefix(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    call(
        "deletePrefix",
        () -> {
          db.deleteRange(syncWrites, prefix, KeyRange.finiteEnd(prefix));
          return null;
        });
  }

  @Override
  public Batch newBatch() {
    return call("newBatch", () -> new RocksDbBatch(this));
  }

  /** Writes a batch; called by {@link RocksDbBatch}. */
  void write(WriteBatch batch, boolean sync) {
    call(
        "commit",
        () -> {
          db.write(sync ? syncWrites : bufferedWrites, batch);
          return null;
        });
  }

  @Override
  public Cursor iterate(byte[] prefix, byte[] after) {
    KeyRange range = KeyRange.of(prefix, after);
    return call(
        "iterate",
        () -> {
          // The iterator reads the implicit snapshot RocksDB takes when it is created.
          RocksDbCursor cursor = RocksDbCursor.open(this, db, range);
          openCursors.add(cursor);
          return cursor;
        });
  }

  /** Runs a call of a cursor while the store is guaranteed to stay open. */
  <T> T cursorCall(RocksDbCursor cursor, RocksCall<T> call) {
    return call(
        "iterate",
        () -> {
          if (cursor.isClosed()) {
            throw new IllegalStateException("cursor is closed");
          }
          return call.run();
        });
  }

  /** Closes a cursor unless the store already did. */
  void closeCursor(RocksDbCursor cursor) {
    Lock read = lifecycle.readLock();
    read.lock();
    try {
      if (cursor.release()) {
        openCursors.remove(cursor);
      }
    } finally {
      read.unlock();
    }
  }

  @Override
  public long approximateSizeBytes(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return call(
        "approximateSizeBytes",
        () -> {
          try (Slice from = new Slice(prefix);
              Slice to = new Slice(KeyRange.finiteEnd(prefix))) {
            return db.getApproximateSizes(
                    List.of(new Range(from, to)),
                    SizeApproximationFlag.INCLUDE_FILES,
                    SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
          }
        });
  }

  @Override
  public void compact() {
    call(
        "compact",
        () -> {
          // kForceOptimized rewrites the last level too, so range deletions there are dropped.
          try (CompactRangeOptions options =
              new CompactRangeOptions()
                  .setBottommostLevelCompaction(
                      CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
            db.compactRange(db.getDefaultColumnFamily(), null, null, options);
          }
          return null;
        });
  }

  @Override
  public void close() {
    Lock write = lifecycle.writeLock();
    write.lock();
    DatastoreException failure = null;
    try {
      if (closed) {
        return;
      }
      closed = true;
      int leaked = 0;
      for (RocksDbCursor cursor : openCursors) {
        if (cursor.release()) {
          leaked++;
        }
      }
      openCursors.clear();
      if (leaked > 0) {
        log.debug("datastore at {}: closed {} cursor(s) left open", folder, leaked);
      }
      try {
        // Makes batches committed with sync=false durable too.
        db.syncWal();
      } catch (RocksDBException e) {
        failure = failure("close (sync write-ahead log)", e);
      }
      try {
        db.closeE();
      } catch (RocksDBException e) {
        if (failure == null) {
          failure = failure("close", e);
        } else {
          failure.addSuppressed(e);
        }
      }
      freeAll(resources);
      log.debug("closed datastore at {}", folder);
    } finally {
      write.unlock();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "datastore at " + folder;
  }

  private static void freeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Freeing native option objects does not fail in practice; nothing to recover.
        log.debug("freeing a RocksDB resource failed", e);
      }
    }
  }

  /** A call into RocksDB. */
  @FunctionalInterface
  interface RocksCall<T> {
    T run() throws RocksDBException;
  }

  /**
   * Runs {@code call} while the store cannot be closed, and translates its failures. Native handles
   * are freed only under the write lock, so no call ever touches freed memory.
   */
  private <T> T call(String operation, RocksCall<T> call) {
    Lock read = lifecycle.readLock();
    read.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "datastore at " + folder + " is closed (" + operation + ")");
      }
      return call.run();
    } catch (RocksDBException e) {
      throw failure(operation, e);
    } finally {
      read.unlock();
    }
  }

  private DatastoreException failure(String operation, RocksDBException e) {
    Status status = e.getStatus();
    // After a failed log write RocksDB refuses every write until it is reopened, even once the
    // disk has room again: say so, or the operator frees space and still sees this error.
    String hint =
        status != null && status.getSubCode() == Status.SubCode.NoSpace
            ? ". The disk is full: free space on it, then restart if writes keep failing"
                + " (after a failed log write the datastore accepts writes only once reopened)"
            : "";
    return new DatastoreException(
        operation + " failed on datastore at " + folder + ": " + describe(e) + hint, e);
  }

  private static String describe(RocksDBException e) {
    Status status = e.getStatus();
    if (status == null) {
      return String.valueOf(e.getMessage());
    }
    String state = status.getState();
    return status.getCodeString() + (state == null || state.isEmpty() ? "" : ": " + state);
  }
}
