package io.ipfscluster.consensus.crdt;

import io.ipfscluster.components.Consensus;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.ConsensusContract;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;

/** The consensus contract, on the CRDT with batching off (group commit only). */
class CrdtConsensusContractTest extends ConsensusContract {
  private final MemoryDatastore store = new MemoryDatastore();
  private final Identity identity = TestPins.identity(1);

  @Override
  protected Consensus openConsensus() {
    return CrdtConsensus.builder(store, identity, CrdtConfig.defaults())
        .hooks(this::onPut, this::onDelete)
        .build();
  }

  @Override
  protected PeerId self() {
    return identity.peerId();
  }
}
