package io.ipfscluster.consensus.crdt;

import io.ipfscluster.components.Consensus;
import io.ipfscluster.config.CrdtBatchingConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.ConsensusContract;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;

/**
 * The consensus contract, on the CRDT with batching on: batches close at 4 operations or after 1
 * ms, so lone callers wait for the timer.
 */
class CrdtConsensusBatchingContractTest extends ConsensusContract {
  private final MemoryDatastore store = new MemoryDatastore();
  private final Identity identity = TestPins.identity(1);

  @Override
  protected Consensus openConsensus() {
    CrdtConfig config = CrdtConfig.defaults();
    config =
        new CrdtConfig(
            config.clusterName(),
            config.trustedPeers(),
            new CrdtBatchingConfig(4, Duration.ofMillis(1), 1000),
            config.repairInterval(),
            config.rebroadcastInterval(),
            config.peersetMetric(),
            config.datastoreNamespace());
    return CrdtConsensus.builder(store, identity, config)
        .hooks(this::onPut, this::onDelete)
        .build();
  }

  @Override
  protected PeerId self() {
    return identity.peerId();
  }
}
