package io.ipfscluster.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code datastore.rocksdb}: where the peer's RocksDB datastore lives ({@code folder}, relative to
 * the configuration folder; written only when not "rocksdb") and its engine options. This replaces
 * the original's {@code pebble}, {@code badger}, {@code badger3} and {@code leveldb} sections: a
 * file naming one of those loads with a warning and these defaults.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for an empty folder.
 */
public record RocksDbConfig(String folder, RocksDbOptions options) {
  static final String KEY = "rocksdb";
  static final String PATH = "datastore.rocksdb";

  /** The datastore sections of the original, which this implementation does not run. */
  static final List<String> LEGACY_KEYS = List.of("pebble", "badger", "badger3", "leveldb");

  private static final String DEFAULT_FOLDER = "rocksdb";

  public RocksDbConfig {
    Require.notEmpty(PATH + ".folder", folder);
  }

  /** Folder "rocksdb" and {@link RocksDbOptions#defaults()}. */
  public static RocksDbConfig defaults() {
    return new RocksDbConfig(DEFAULT_FOLDER, RocksDbOptions.defaults());
  }

  /** The datastore folder: {@code folder} resolved against the configuration folder. */
  public Path folder(Path configDir) {
    return configDir.resolve(folder);
  }

  static RocksDbConfig read(SectionReader r) {
    return new RocksDbConfig(
        r.string("folder", DEFAULT_FOLDER), RocksDbOptions.read(r.child("rocksdb_options")));
  }

  void write(SectionWriter w) {
    if (!folder.equals(DEFAULT_FOLDER)) {
      w.put("folder", folder);
    }
    options.write(w.object("rocksdb_options"));
  }
}
