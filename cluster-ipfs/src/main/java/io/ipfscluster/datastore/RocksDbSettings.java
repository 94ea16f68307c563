package io.ipfscluster.datastore;

import java.util.Objects;

/**
 * Tuning of a {@link RocksDbDatastore}; {@link #defaults()} suits a peer holding a few million pins
 * on a small machine.
 *
 * <p>An immutable value, validated on construction; safe to share between threads.
 *
 * @param blockCacheBytes memory for uncompressed data, index and filter blocks (shared LRU cache)
 * @param writeBufferBytes size of one memtable; bigger means fewer, larger flushes
 * @param maxWriteBuffers memtables held in memory before writes stall (at least 2)
 * @param maxOpenFiles SST files kept open, or -1 to keep them all open
 * @param maxBackgroundJobs threads for flushes and compactions
 * @param compression compression of every level but the last
 * @param bottommostCompression compression of the last level, where most data settles
 * @param bloomBitsPerKey bits per key of the Bloom filter that lets point reads skip files; 0
 *     disables it
 * @param blockSizeBytes size of an uncompressed data block
 * @param bytesPerSync when writing SST files, ask the OS to write back every this many bytes, to
 *     avoid long stalls at the end of a file; 0 disables it
 */
public record RocksDbSettings(
    long blockCacheBytes,
    long writeBufferBytes,
    int maxWriteBuffers,
    int maxOpenFiles,
    int maxBackgroundJobs,
    Compression compression,
    Compression bottommostCompression,
    double bloomBitsPerKey,
    long blockSizeBytes,
    long bytesPerSync) {

  private static final long MIB = 1024 * 1024;

  /** A compression algorithm, all of which the RocksDB native library on Maven Central includes. */
  public enum Compression {
    NONE,
    SNAPPY,
    LZ4,
    ZSTD
  }

  /** Validates every field; messages name the field and the bad value. */
  public RocksDbSettings {
    atLeast("blockCacheBytes", blockCacheBytes, 0);
    atLeast("writeBufferBytes", writeBufferBytes, 64 * 1024);
    atLeast("maxWriteBuffers", maxWriteBuffers, 2);
    if (maxOpenFiles != -1) {
      atLeast("maxOpenFiles (or -1 for unlimited)", maxOpenFiles, 16);
    }
    atLeast("maxBackgroundJobs", maxBackgroundJobs, 1);
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(bottommostCompression, "bottommostCompression");
    if (!(bloomBitsPerKey >= 0 && bloomBitsPerKey <= 100)) {
      throw new IllegalArgumentException(
          "bloomBitsPerKey must be between 0 and 100, got " + bloomBitsPerKey);
    }
    atLeast("blockSizeBytes", blockSizeBytes, 1024);
    atLeast("bytesPerSync", bytesPerSync, 0);
  }

  /**
   * 64 MiB block cache, 64 MiB memtables (two), all files open up to 1000, two background jobs, LZ4
   * on upper levels and ZSTD on the last, 10-bit Bloom filters (about 1% false positives), 16 KiB
   * blocks, write-back every 1 MiB.
   */
  public static RocksDbSettings defaults() {
    return new RocksDbSettings(
        64 * MIB, 64 * MIB, 2, 1000, 2, Compression.LZ4, Compression.ZSTD, 10, 16 * 1024, MIB);
  }

  /** These settings with a different block cache size. */
  public RocksDbSettings withBlockCacheBytes(long bytes) {
    return new RocksDbSettings(
        bytes,
        writeBufferBytes,
        maxWriteBuffers,
        maxOpenFiles,
        maxBackgroundJobs,
        compression,
        bottommostCompression,
        bloomBitsPerKey,
        blockSizeBytes,
        bytesPerSync);
  }

  /** These settings with a different memtable size. */
  public RocksDbSettings withWriteBufferBytes(long bytes) {
    return new RocksDbSettings(
        blockCacheBytes,
        bytes,
        maxWriteBuffers,
        maxOpenFiles,
        maxBackgroundJobs,
        compression,
        bottommostCompression,
        bloomBitsPerKey,
        blockSizeBytes,
        bytesPerSync);
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
    }
  }
}
