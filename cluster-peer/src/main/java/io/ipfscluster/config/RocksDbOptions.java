package io.ipfscluster.config;

import io.ipfscluster.datastore.RocksDbSettings;
import java.util.Locale;
import java.util.Set;

/**
 * {@code datastore.rocksdb.rocksdb_options}: the RocksDB engine settings passed through to the
 * datastore. {@code max_open_files} -1 keeps every file open; {@code bloom_filter_bits_per_key} 0
 * turns bloom filters off; {@code bytes_per_sync} 0 leaves syncing to the OS.
 *
 * <p>The limits match what {@link RocksDbSettings} accepts, so a valid section always opens.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for sizes out of
 * range and unknown compression names.
 */
public record RocksDbOptions(
    long blockCacheSizeBytes,
    long writeBufferSizeBytes,
    int maxOpenFiles,
    String compression,
    String bottommostCompression,
    int bloomFilterBitsPerKey,
    long bytesPerSync) {
  static final String PATH = "datastore.rocksdb.rocksdb_options";

  /** The compression names accepted in the file: those of {@link RocksDbSettings.Compression}. */
  public static final Set<String> COMPRESSIONS = Set.of("none", "snappy", "lz4", "zstd");

  private static final long MIB = 1024 * 1024;

  public RocksDbOptions {
    Require.positive(PATH + ".block_cache_size_bytes", blockCacheSizeBytes);
    Require.that(
        writeBufferSizeBytes >= 64 * 1024,
        PATH + ".write_buffer_size_bytes",
        "must be >= 65536",
        writeBufferSizeBytes);
    Require.that(
        maxOpenFiles == -1 || maxOpenFiles >= 16,
        PATH + ".max_open_files",
        "must be >= 16, or -1 for no limit",
        maxOpenFiles);
    Require.that(
        COMPRESSIONS.contains(compression),
        PATH + ".compression",
        "must be one of " + COMPRESSIONS,
        compression);
    Require.that(
        COMPRESSIONS.contains(bottommostCompression),
        PATH + ".bottommost_compression",
        "must be one of " + COMPRESSIONS,
        bottommostCompression);
    Require.that(
        bloomFilterBitsPerKey >= 0 && bloomFilterBitsPerKey <= 100,
        PATH + ".bloom_filter_bits_per_key",
        "must be between 0 and 100",
        bloomFilterBitsPerKey);
    Require.notNegative(PATH + ".bytes_per_sync", bytesPerSync);
  }

  /**
   * 64 MiB block cache, 32 MiB write buffer, 1000 files, lz4/zstd, 10 bits per key, 1 MiB sync. The
   * cache and the two write buffers are native memory outside the JVM heap: 128 MiB at most, within
   * the peer's 512 MiB budget (BENCHMARKS.md, "CRDT peers as processes").
   */
  public static RocksDbOptions defaults() {
    return new RocksDbOptions(64 * MIB, 32 * MIB, 1000, "lz4", "zstd", 10, MIB);
  }

  /**
   * The datastore settings these options configure; settings the file does not name keep {@link
   * RocksDbSettings#defaults()}.
   */
  public RocksDbSettings toSettings() {
    RocksDbSettings d = RocksDbSettings.defaults();
    return new RocksDbSettings(
        blockCacheSizeBytes,
        writeBufferSizeBytes,
        d.maxWriteBuffers(),
        maxOpenFiles,
        d.maxBackgroundJobs(),
        compression(compression),
        compression(bottommostCompression),
        bloomFilterBitsPerKey,
        d.blockSizeBytes(),
        bytesPerSync);
  }

  private static RocksDbSettings.Compression compression(String name) {
    return RocksDbSettings.Compression.valueOf(name.toUpperCase(Locale.ROOT));
  }

  static RocksDbOptions read(SectionReader r) {
    RocksDbOptions d = defaults();
    return new RocksDbOptions(
        r.countLong("block_cache_size_bytes", d.blockCacheSizeBytes),
        r.countLong("write_buffer_size_bytes", d.writeBufferSizeBytes),
        r.count("max_open_files", d.maxOpenFiles),
        r.string("compression", d.compression),
        r.string("bottommost_compression", d.bottommostCompression),
        r.integer("bloom_filter_bits_per_key", d.bloomFilterBitsPerKey),
        r.integerLong("bytes_per_sync", d.bytesPerSync));
  }

  void write(SectionWriter w) {
    w.put("block_cache_size_bytes", blockCacheSizeBytes)
        .put("write_buffer_size_bytes", writeBufferSizeBytes)
        .put("max_open_files", maxOpenFiles)
        .put("compression", compression)
        .put("bottommost_compression", bottommostCompression)
        .put("bloom_filter_bits_per_key", bloomFilterBitsPerKey)
        .put("bytes_per_sync", bytesPerSync);
  }
}
