package io.ipfscluster.consensus.raft;

import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.State;
import io.ipfscluster.state.StateExport;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageImpl;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.util.MD5FileUtil;

/**
 * {@code state import} on a stopped Raft peer (spec §8.9): the imported pinset becomes the first
 * snapshot of a new Raft history, whose configuration is the given members (the peerstore's peers
 * plus this one), as the original's import writes a hashicorp/raft snapshot. Importing the same
 * file on every peer and starting them gives a cluster that agrees on the state; a peer added later
 * receives the snapshot from the leader.
 *
 * <p>What it writes: the old Raft folder is moved aside ({@link RaftFolder}); a new Ratis storage
 * holds the configuration at term 1, index 1 ({@code raft-meta.conf}) and the snapshot file {@code
 * snapshot.1_1} (a state export, with its MD5), and the datastore's Raft state is the imported
 * pinset applied up to that index. Stateless; the peer must be stopped (callers hold its lock).
 */
public final class RaftStateImport {
  /** Where the new history starts: its snapshot and configuration. */
  static final TermIndex START = TermIndex.valueOf(1, 1);

  private RaftStateImport() {}

  /**
   * Replaces the Raft state of the peer whose datastore is {@code datastore} and whose {@code
   * consensus.raft} is {@code config} with the pins read from {@code in}.
   *
   * @param members the voters of the new configuration, each with its Raft endpoint ({@code
   *     host:port}); must include this peer
   * @return how many pins were imported
   * @throws io.ipfscluster.state.StateImportException when {@code in} is not a valid export (then
   *     nothing has changed)
   * @throws IOException when the Raft folder cannot be moved or written
   */
  public static long importState(
      Datastore datastore,
      RaftConfig config,
      Path configDir,
      Map<PeerId, String> members,
      InputStream in,
      StateExport.Overrides overrides)
      throws IOException {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a Raft configuration needs at least this peer");
    }
    Datastore raftSpace = datastore.namespace(KeySpace.RAFT.prefixBytes());
    State state = PinStateMachine.storedState(raftSpace);
    long pins = StateExport.importFrom(state, in, overrides);
    RaftFolder.backUp(config, configDir);
    File groupDir =
        config.dataFolder(configDir).resolve(RaftConsensus.GROUP_ID.getUuid().toString()).toFile();
    Files.createDirectories(groupDir.toPath());
    RaftProperties defaults = new RaftProperties();
    try (RaftStorage storage =
        RaftStorage.newBuilder()
            .setDirectory(groupDir)
            .setStorageFreeSpaceMin(RaftServerConfigKeys.storageFreeSpaceMin(defaults))
            .setLogCorruptionPolicy(RaftServerConfigKeys.Log.corruptionPolicy(defaults))
            .setOption(RaftStorage.StartupOption.FORMAT)
            .build()) {
      storage.initialize();
      ((RaftStorageImpl) storage).writeRaftConfiguration(configurationEntry(members));
      SimpleStateMachineStorage sm = new SimpleStateMachineStorage();
      sm.init(storage);
      File snapshot = sm.getSnapshotFile(START.getTerm(), START.getIndex());
      Files.createDirectories(snapshot.toPath().getParent());
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(snapshot.toPath()))) {
        StateExport.exportTo(state, out);
      }
      MD5FileUtil.computeAndSaveMd5ForFile(snapshot);
    }
    PinStateMachine.writeApplied(raftSpace, START);
    return pins;
  }

  private static LogEntryProto configurationEntry(Map<PeerId, String> members) {
    RaftConfigurationProto.Builder conf = RaftConfigurationProto.newBuilder();
    members.forEach(
        (peer, address) ->
            conf.addPeers(
                RaftPeer.newBuilder()
                    .setId(RaftPeerId.valueOf(peer.toString()))
                    .setAddress(address)
                    .build()
                    .getRaftPeerProto()));
    return LogEntryProto.newBuilder()
        .setTerm(START.getTerm())
        .setIndex(START.getIndex())
        .setConfigurationEntry(conf)
        .build();
  }
}
