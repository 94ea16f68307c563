package io.ipfscluster.consensus.raft;

import io.ipfscluster.components.Consensus;
import io.ipfscluster.consensus.ConsensusContract;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The consensus contract, on a single-server Raft group. */
class RaftConsensusContractTest extends ConsensusContract {
  private final MemoryDatastore store = new MemoryDatastore();
  private final Identity identity = RaftTestPeers.identity(1);
  private final int port = RaftTestPeers.freePort();
  @TempDir Path dir;

  @Override
  protected Consensus openConsensus() {
    return RaftConsensus.builder(store, identity, RaftTestPeers.fastConfig(List.of()), dir)
        .addresses(PeerAddresses.of(Map.of(identity.peerId(), "127.0.0.1:" + port)))
        .tls(PeerTls.create(identity, RaftTestPeers.SECRET))
        .hooks(this::onPut, this::onDelete)
        .build();
  }

  @Override
  protected PeerId self() {
    return identity.peerId();
  }
}
