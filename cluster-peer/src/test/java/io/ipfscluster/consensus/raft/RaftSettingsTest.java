package io.ipfscluster.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.config.RaftConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {
  private final RaftProperties p =
      RaftSettings.server(RaftConfig.defaults(), Path.of("/tmp/raft"), 9098);

  @Test
  void server_withTheDefaults_drawsElectionTimeoutsFromHashicorpsRange() {
    assertThat(RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.MILLISECONDS))
        .isEqualTo(1000);
    assertThat(RaftServerConfigKeys.Rpc.timeoutMax(p).toLong(TimeUnit.MILLISECONDS))
        .isEqualTo(2000);
    assertThat(RaftServerConfigKeys.Read.leaderLeaseTimeoutRatio(p)).isEqualTo(0.5);
  }

  @Test
  void server_withTheDefaults_snapshotsEveryThresholdAndKeepsTrailingLogs() {
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerEnabled(p)).isTrue();
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerThreshold(p)).isEqualTo(8192);
    assertThat(RaftServerConfigKeys.Snapshot.triggerWhenStopEnabled(p)).isTrue();
    assertThat(RaftServerConfigKeys.Log.purgePreservationLogNum(p)).isEqualTo(10240);
    assertThat(RaftServerConfigKeys.Log.Appender.bufferElementLimit(p)).isEqualTo(64);
  }
}
