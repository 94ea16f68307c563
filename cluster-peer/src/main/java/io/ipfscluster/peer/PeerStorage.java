package io.ipfscluster.peer;

import io.ipfscluster.config.RocksDbConfig;
import io.ipfscluster.config.RocksDbOptions;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A peer's on-disk storage: the RocksDB datastore named by the {@code datastore} section of its
 * configuration, and the pinset state kept in it.
 *
 * <p>Thread-safe, as its parts are. Closing it closes the datastore, syncing every write.
 */
public final class PeerStorage implements AutoCloseable {
  private final Datastore datastore;
  private final State state;

  private PeerStorage(Datastore datastore) {
    this.datastore = datastore;
    this.state = new DatastoreState(datastore.namespace(KeySpace.STATE.prefixBytes()));
  }

  /** Opens (creating if needed) the datastore of the configuration folder {@code configDir}. */
  public static PeerStorage open(RocksDbConfig config, Path configDir) {
    return new PeerStorage(RocksDbDatastore.open(config.folder(configDir), settings(config)));
  }

  /** An in-memory storage, for tests. */
  public static PeerStorage inMemory() {
    return new PeerStorage(new MemoryDatastore());
  }

  /** The RocksDB settings for the {@code datastore.rocksdb.rocksdb_options} of a configuration. */
  static RocksDbSettings settings(RocksDbConfig config) {
    RocksDbOptions o = config.options();
    RocksDbSettings d = RocksDbSettings.defaults();
    return new RocksDbSettings(
        o.blockCacheSizeBytes(),
        o.writeBufferSizeBytes(),
        d.maxWriteBuffers(),
        o.maxOpenFiles(),
        d.maxBackgroundJobs(),
        compression(o.compression()),
        compression(o.bottommostCompression()),
        o.bloomFilterBitsPerKey(),
        d.blockSizeBytes(),
        o.bytesPerSync());
  }

  private static RocksDbSettings.Compression compression(String name) {
    return RocksDbSettings.Compression.valueOf(name.toUpperCase(Locale.ROOT));
  }

  public Datastore datastore() {
    return datastore;
  }

  public State state() {
    return state;
  }

  @Override
  public void close() {
    datastore.close();
  }
}
