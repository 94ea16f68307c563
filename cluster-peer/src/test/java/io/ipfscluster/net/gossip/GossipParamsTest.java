package io.ipfscluster.net.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.config.PubSubConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GossipParamsTest {
  @Test
  void of_pubSubConfig_scalesDegreesByDFactorAsTheOriginal() {
    PubSubConfig c =
        new PubSubConfig(Duration.ofMinutes(30), Duration.ofSeconds(10), 2, 2, 6, true);

    GossipParams p = GossipParams.of(c);

    assertThat(p.d()).isEqualTo(12);
    assertThat(p.dLow()).isEqualTo(10);
    assertThat(p.dHigh()).isEqualTo(24);
    assertThat(p.dLazy()).isEqualTo(12);
    assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.seenTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.historyLength()).isEqualTo(6);
    assertThat(p.historyGossip()).isEqualTo(2);
    assertThat(p.floodPublish()).isTrue();
  }

  @Test
  void defaults_meshDegreeIsAboutSix() {
    GossipParams p = GossipParams.defaults();
    assertThat(p.d()).isEqualTo(6);
    assertThat(p.dLow()).isEqualTo(5);
    assertThat(p.dHigh()).isEqualTo(12);
  }

  @Test
  void of_defaultPubSubConfig_keepsTheOriginalsDFactorOfFour() {
    GossipParams p = GossipParams.of(PubSubConfig.defaults());
    assertThat(p.d()).isEqualTo(24);
    assertThat(p.dLow()).isEqualTo(20);
    assertThat(p.dHigh()).isEqualTo(48);
  }

  @Test
  void of_historyGossipEqualToLength_isShortenedBelowIt() {
    PubSubConfig c = new PubSubConfig(Duration.ofMinutes(1), Duration.ofSeconds(1), 1, 3, 3, false);
    assertThat(GossipParams.of(c).historyGossip()).isEqualTo(2);
  }

  @Test
  void withDegrees_outOfOrder_isRejectedNamingThem() {
    assertThatThrownBy(() -> GossipParams.defaults().withDegrees(6, 7, 12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("d_low 7, d 6, d_high 12");
  }
}
