package io.ipfscluster.peer;

import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.consensus.crdt.CrdtState;
import io.ipfscluster.consensus.raft.RaftConsensus;
import io.ipfscluster.consensus.raft.RaftFolder;
import io.ipfscluster.consensus.raft.RaftStateImport;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.State;
import io.ipfscluster.state.StateExport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A peer's on-disk storage: the RocksDB datastore named by the {@code datastore} section of its
 * configuration, and the pinset state kept in it.
 *
 * <p>Where the pinset lives depends on the consensus: a CRDT peer's pinset is its CRDT replica
 * ({@link CrdtState}, the winners derived from the merged blocks); a Raft peer's is the state its
 * Raft state machine applied ({@link RaftConsensus#storedState}).
 *
 * <p>Thread-safe, as its parts are. Closing it closes the datastore, syncing every write.
 */
public final class PeerStorage implements AutoCloseable {
  private final Datastore datastore;
  private final State state;
  private final ServiceConfig config;
  private final Path configDir;
  private final Identity identity;

  private PeerStorage(
      Datastore datastore, State state, ServiceConfig config, Path configDir, Identity identity) {
    this.datastore = datastore;
    this.state = state;
    this.config = config;
    this.configDir = configDir;
    this.identity = identity;
  }

  /**
   * Opens (creating if needed) the datastore of the configuration folder {@code configDir}, with
   * the pinset of the configured consensus: the CRDT replica, written as {@code identity}, when
   * {@code consensus.crdt} is configured; the applied Raft state with {@code consensus.raft}
   * ({@code identity} is then the peer a state import puts in the new Raft configuration).
   */
  public static PeerStorage open(ServiceConfig config, Path configDir, Identity identity) {
    Datastore datastore =
        RocksDbDatastore.open(
            config.datastore().folder(configDir), config.datastore().options().toSettings());
    try {
      State state =
          switch (config.consensus()) {
            case CrdtConfig c -> CrdtState.open(datastore, identity);
            case RaftConfig r -> RaftConsensus.storedState(datastore);
          };
      return new PeerStorage(datastore, state, config, configDir, identity);
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

  /**
   * Replaces the pinset with the pins read from {@code in} ({@code state import}). A Raft peer also
   * starts a new Raft history: its Raft folder is moved aside and replaced by one snapshot of the
   * imported state, whose peers are those of its peerstore (and {@code cluster.peer_addresses})
   * plus itself ({@link RaftStateImport}).
   *
   * @return how many pins were imported
   * @throws io.ipfscluster.state.StateImportException when {@code in} is not a valid export
   * @throws IOException when reading fails or the Raft folder cannot be written
   */
  public long importState(InputStream in, StateExport.Overrides overrides) throws IOException {
    if (config.consensus() instanceof RaftConfig raft) {
      Map<PeerId, String> members =
          RaftEndpoints.of(config.cluster(), configDir, identity.peerId(), () -> null).knownPeers();
      return RaftStateImport.importState(datastore, raft, configDir, members, in, overrides);
    }
    return StateExport.importFrom(state, in, overrides);
  }

  /**
   * Removes every pin ({@code state cleanup}); a Raft peer also moves its Raft folder aside,
   * keeping {@code backups_rotate} backups, so that it starts a new Raft history.
   *
   * @throws IOException when the Raft folder cannot be moved
   */
  public void cleanup() throws IOException {
    state.clear();
    if (config.consensus() instanceof RaftConfig raft) {
      RaftFolder.backUp(raft, configDir);
    }
  }

  @Override
  public void close() {
    datastore.close();
  }
}
