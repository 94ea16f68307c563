package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterVersionTest {
  @Test
  void current_isSemanticVersionWithoutSnapshotSuffix() {
    assertThat(ClusterVersion.current()).matches("\\d+\\.\\d+\\.\\d+");
  }
}
