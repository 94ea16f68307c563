package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static io.ipfscluster.consensus.raft.RaftTestPeers.cids;
import static io.ipfscluster.consensus.raft.RaftTestPeers.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.StateExport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state import} on stopped Raft peers: each gets the same file, and once started they form
 * one group whose state is the imported pinset, whatever their Raft history was.
 */
@Timeout(120)
class RaftStateImportIT {
  @TempDir Path root;
  private RaftCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void importOnEveryPeer_thenStart_formsTheGroupOfTheGivenMembers_withTheImportedPins()
      throws Exception {
    cluster = new RaftCluster(root, 3, c -> c);
    cluster.startAll();
    cluster.awaitLeader();
    cluster.member(0).consensus.logPin(pin(9));
    cluster.close();

    String export =
        "{\"cid\":\""
            + cid(1)
            + "\",\"allocations\":[],\"replication_factor_min\":-1,"
            + "\"replication_factor_max\":-1}\n{\"cid\":\""
            + cid(2)
            + "\"}\n";
    Map<PeerId, String> members = new LinkedHashMap<>();
    cluster.members().forEach(m -> members.put(m.id(), "127.0.0.1:" + m.port));
    for (RaftCluster.Member m : cluster.members()) {
      long n =
          RaftStateImport.importState(
              m.store,
              RaftTestPeers.fastConfig(List.of()),
              m.configDir,
              members,
              new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)),
              StateExport.Overrides.NONE);
      assertThat(n).isEqualTo(2);
      assertThat(m.configDir.resolve("raft.old.0")).isDirectory();
    }

    // An empty init_peerset: the members come from the imported configuration.
    for (RaftCluster.Member m : cluster.members()) {
      m.tune = c -> c.withInitPeerset(List.of());
      cluster.start(m, false);
    }
    cluster.awaitLeader();
    for (RaftCluster.Member m : cluster.members()) {
      assertThat(cids(m.consensus)).isEqualTo(Set.of(cid(1), cid(2)));
      assertThat(m.consensus.peers()).containsExactlyInAnyOrderElementsOf(members.keySet());
    }
    cluster.member(1).consensus.logPin(pin(3));
    for (RaftCluster.Member m : cluster.members()) {
      await()
          .atMost(RaftCluster.DEADLINE)
          .until(() -> cids(m.consensus).equals(Set.of(cid(1), cid(2), cid(3))));
    }
  }
}
