package io.ipfscluster.peer;

import io.ipfscluster.config.RocksDbConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State;
import java.nio.file.Path;

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
    return new PeerStorage(
        RocksDbDatastore.open(config.folder(configDir), config.options().toSettings()));
  }

  /** An in-memory storage, for tests. */
  public static PeerStorage inMemory() {
    return new PeerStorage(new MemoryDatastore());
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
