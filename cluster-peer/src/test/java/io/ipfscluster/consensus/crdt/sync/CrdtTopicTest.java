package io.ipfscluster.consensus.crdt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrdtTopicTest {
  @Test
  void of_defaultClusterName_isTheOriginalsTopic() {
    assertThat(CrdtTopic.of("ipfs-cluster")).isEqualTo("fzhnp2UwTBkgNabrJi1VanzwgN");
  }

  @Test
  void of_otherClusterName_isAnotherTopic() {
    assertThat(CrdtTopic.of("my-cluster")).isNotEqualTo(CrdtTopic.of("ipfs-cluster"));
  }
}
