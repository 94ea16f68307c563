package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportBackoffTest {
  static final long SECOND = TransportBackoff.INTERVAL_NANOS;
  final TransportBackoff backoff = new TransportBackoff();
  long now = 1_000 * SECOND;

  @Test
  void reserve_upToTenFailures_isImmediate() {
    for (int i = 0; i < 10; i++) {
      assertThat(backoff.failed(now)).isFalse();
    }
    assertThat(backoff.reserve(now)).isEqualTo(now);
    assertThat(backoff.reserve(now)).isEqualTo(now);
    assertThat(backoff.throttling()).isFalse();
  }

  @Test
  void reserve_afterElevenFailures_spacesRequestsOneSecondApart() {
    for (int i = 0; i < 10; i++) {
      backoff.failed(now);
    }
    assertThat(backoff.failed(now)).as("the eleventh failure starts throttling").isTrue();

    assertThat(backoff.reserve(now)).isEqualTo(now + SECOND);
    assertThat(backoff.reserve(now)).isEqualTo(now + 2 * SECOND);
    now += 10 * SECOND; // a quiet spell does not bank slots
    assertThat(backoff.reserve(now)).isEqualTo(now);
    assertThat(backoff.reserve(now)).isEqualTo(now + SECOND);
  }

  @Test
  void succeeded_liftsThrottling_andSaysSoOnce() {
    for (int i = 0; i < 11; i++) {
      backoff.failed(now);
    }

    assertThat(backoff.succeeded()).isTrue();
    assertThat(backoff.succeeded()).isFalse();
    assertThat(backoff.throttling()).isFalse();
    assertThat(backoff.reserve(now)).isEqualTo(now);
  }
}
