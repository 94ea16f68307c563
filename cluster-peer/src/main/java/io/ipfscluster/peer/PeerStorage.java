package io.ipfscluster.peer;

import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.consensus.crdt.CrdtState;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State;
import java.nio.file.Path;

/**
 * A peer's on-disk storage: the RocksDB datastore named by the {@code datastore} section of its
 * configuration, and the pinset state kept in it.
 *
 * <p>Where the pinset lives depends on the consensus: a CRDT peer's pinset is its CRDT replica
 * ({@link CrdtState}, the winners derived from the merged blocks); otherwise it is a plain {@link
 * DatastoreState} under {@link KeySpace#STATE}.
 *
 * <p>Thread-safe, as its parts are. Closing it closes the datastore, syncing every write.
 */
public final class PeerStorage implements AutoCloseable {
  private final Datastore datastore;
  private final State state;

  private PeerStorage(Datastore datastore, State state) {
    this.datastore = datastore;
    this.state = state;
  }

  private static State plainState(Datastore datastore) {
    return new DatastoreState(datastore.namespace(KeySpace.STATE.prefixBytes()));
  }

  /**
   * Opens (creating if needed) the datastore of the configuration folder {@code configDir}, with
   * the pinset of the configured consensus: the CRDT replica, written as {@code identity}, when
   * {@code consensus.crdt} is configured; the plain state otherwise.
   */
  public static PeerStorage open(ServiceConfig config, Path configDir, Identity identity) {
    Datastore datastore =
        RocksDbDatastore.open(
            config.datastore().folder(configDir), config.datastore().options().toSettings());
    try {
      State state =
          config.consensus() instanceof CrdtConfig
              ? CrdtState.open(datastore, identity)
              : plainState(datastore);
      return new PeerStorage(datastore, state);
    } catch (RuntimeException e) {
      datastore.close();
      throw e;
    }
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
