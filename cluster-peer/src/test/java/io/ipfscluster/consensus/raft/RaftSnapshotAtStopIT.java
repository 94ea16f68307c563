package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static io.ipfscluster.consensus.raft.RaftTestPeers.cids;
import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.datastore.MemoryDatastore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot a Raft peer takes when it stops. */
@Timeout(120)
class RaftSnapshotAtStopIT {
  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Set<String> snapshotFiles(RaftCluster.Member m) throws IOException {
    try (Stream<Path> files = Files.walk(m.configDir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("snapshot\\.\\d+_\\d+"))
          .collect(Collectors.toSet());
    }
  }

  @Test
  void stop_afterARunWithoutPins_keepsTheLatestSnapshot_andARestartFromItHasTheState()
      throws Exception {
    cluster = new RaftCluster(root, 1, c -> c);
    RaftCluster.Member m = cluster.member(0);
    cluster.start(m, false);
    cluster.awaitLeader();
    m.consensus.logPin(pin(1));
    cluster.stop(m);
    Set<String> afterPins = snapshotFiles(m);
    assertThat(afterPins).hasSize(1);

    // A run that only elects a leader (a leader entry, no operation): no new export at stop.
    cluster.start(m, false);
    cluster.awaitLeader();
    cluster.stop(m);
    assertThat(snapshotFiles(m)).isEqualTo(afterPins);

    // The snapshot and the log entries behind it rebuild the state, even into an empty datastore.
    m.store = new MemoryDatastore();
    cluster.start(m, false);
    cluster.awaitLeader();
    await().atMost(RaftCluster.DEADLINE).until(() -> cids(m.consensus).equals(Set.of(cid(1))));
    m.consensus.logPin(pin(2));
    assertThat(cids(m.consensus)).containsExactlyInAnyOrder(cid(1), cid(2));
    cluster.stop(m);
    assertThat(snapshotFiles(m)).hasSize(2);
  }
}
