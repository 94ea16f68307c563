package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeerstoreTest {
  private static final PeerId SELF = Identity.generate().peerId();
  private static final PeerId A = Identity.generate().peerId();
  private static final PeerId B = Identity.generate().peerId();
  private static final Optional<Duration> HOUR = Optional.of(Peerstore.ADDRESS_TTL);

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Peerstore store = new Peerstore(SELF, now::get);

  private static Multiaddr addr(String text, PeerId peer) {
    return Multiaddr.parse(text).withPeerId(peer);
  }

  @Test
  void add_configuredFileAndLearned_triedInPriorityOrder() {
    store.add(addr("/ip4/10.0.0.3/tcp/9096", A), Peerstore.LEARNED, HOUR);
    store.add(addr("/ip4/10.0.0.2/tcp/9096", A), 1, HOUR);
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.CONFIGURED, Optional.empty());

    assertThat(store.addresses(A))
        .extracting(Multiaddr::toString)
        .containsExactly(
            "/ip4/10.0.0.1/tcp/9096", "/ip4/10.0.0.2/tcp/9096", "/ip4/10.0.0.3/tcp/9096");
  }

  @Test
  void add_samePriority_lastRecordedFirst() {
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.LEARNED, HOUR);
    store.add(addr("/ip4/10.0.0.1/tcp/4000", A), Peerstore.LEARNED, HOUR);

    assertThat(store.addresses(A).getFirst()).hasToString("/ip4/10.0.0.1/tcp/4000");
  }

  @Test
  void addresses_afterTheirTtl_expireButConfiguredOnesStay() {
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.LEARNED, HOUR);
    store.add(addr("/ip4/10.0.0.2/tcp/9096", B), Peerstore.CONFIGURED, Optional.empty());

    now.set(now.get().plus(Peerstore.ADDRESS_TTL).plusSeconds(1));

    assertThat(store.peers()).containsExactly(B);
    assertThat(store.knows(A)).isFalse();
  }

  @Test
  void add_seenAgain_livesAnotherTtl() {
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.LEARNED, HOUR);
    now.set(now.get().plus(Duration.ofMinutes(50)));
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.LEARNED, HOUR);
    now.set(now.get().plus(Duration.ofMinutes(50)));

    assertThat(store.knows(A)).isTrue();
  }

  @Test
  void add_manyAddresses_keepsTheBestFew() {
    for (int i = 0; i < 100; i++) {
      store.add(addr("/ip4/10.0.0.1/tcp/" + (1000 + i), A), Peerstore.LEARNED, HOUR);
    }
    store.add(addr("/ip4/10.0.0.9/tcp/9096", A), Peerstore.CONFIGURED, Optional.empty());

    assertThat(store.addresses(A)).hasSize(Peerstore.MAX_ADDRESSES_PER_PEER);
    assertThat(store.addresses(A).getFirst()).hasToString("/ip4/10.0.0.9/tcp/9096");
  }

  @Test
  void add_ownAddress_ignored() {
    store.add(addr("/ip4/10.0.0.1/tcp/9096", SELF), Peerstore.CONFIGURED, Optional.empty());

    assertThat(store.peers()).isEmpty();
  }

  @Test
  void add_addressWithoutPeerId_refused() {
    assertThatThrownBy(
            () -> store.add(Multiaddr.parse("/ip4/10.0.0.1/tcp/9096"), 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not contain peer ID");
  }

  @Test
  void snapshot_dnsAddressesBeforeIpOnes_withPeerIds() {
    store.add(addr("/ip4/10.0.0.1/tcp/9096", A), Peerstore.CONFIGURED, Optional.empty());
    store.add(addr("/dns4/a.example/tcp/9096", A), Peerstore.LEARNED, HOUR);

    assertThat(store.snapshot())
        .containsExactly(addr("/dns4/a.example/tcp/9096", A), addr("/ip4/10.0.0.1/tcp/9096", A));
  }
}
