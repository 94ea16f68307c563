package io.ipfscluster.consensus.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 4 at the consensus level: a JVM pinning from 16 threads on RocksDB
 * is killed with SIGKILL; every pin it acknowledged is in the replica reopened afterwards, and the
 * replica is consistent.
 */
class CrdtKillIT {
  private static final int ACKS_BEFORE_KILL = 1500;

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void sigkillDuringIngestion_everyAcknowledgedPinSurvives() throws Exception {
    Path db = dir.resolve("db");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrdtKillTarget.class.getName(),
                db.toString(),
                "7")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Integer> acked = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("ack ")) {
          acked.add(Integer.parseInt(line.substring(4)));
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSize(ACKS_BEFORE_KILL);
    assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

    try (RocksDbDatastore store = RocksDbDatastore.open(db, RocksDbSettings.defaults())) {
      CrdtReplica replica = CrdtReplica.open(store, TestPins.identity(7));
      for (int n : acked) {
        assertThat(replica.pinset().has(TestPins.cid(n))).as("acknowledged pin %d", n).isTrue();
      }
      assertThat(replica.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
      ReplicaModel.check(replica, Map.of());
    }
  }
}
