package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.components.ClusterException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A staging Raft peer (started to be added, not added yet) refuses writes clearly. */
@Timeout(60)
class RaftStagingPeerIT {
  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void logPinAndUnpin_onAStagingPeerNotAddedYet_failWithNotAMember() {
    cluster = new RaftCluster(root, 1, c -> c);
    RaftConsensus staging = cluster.start(cluster.member(0), true);

    assertThatThrownBy(() -> staging.logPin(pin(1)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(RaftConsensus.NOT_A_MEMBER);
    assertThatThrownBy(() -> staging.logUnpin(pin(1)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(RaftConsensus.NOT_A_MEMBER);
  }
}
