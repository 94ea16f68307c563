package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bounds on joining peers heard of on the local network, with a clock moved by hand. */
@Timeout(30)
class DiscoveredPeersTest {
  private static final List<Multiaddr> AT = List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/9096"));

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final DiscoveredPeers discovered = new DiscoveredPeers("test", now::get);

  @Test
  void join_whileUnderway_givesTheAddressesToDial_andSharesTheAttempt() throws Exception {
    PeerId peer = Identity.generate().peerId();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();

    CompletableFuture<Boolean> first =
        discovered.join(peer, AT, p -> attempts.incrementAndGet() > 0 && await(release));
    CompletableFuture<Boolean> second =
        discovered.join(peer, AT, p -> attempts.incrementAndGet() > 0);

    assertThat(second).isSameAs(first);
    assertThat(discovered.addresses(peer)).isEqualTo(AT);
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts).hasValue(1);
    assertThat(discovered.addresses(peer)).isEmpty();
  }

  @Test
  void join_beyondTheDialsAtOnce_isRefusedAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> underway = new ArrayList<>();
    for (int i = 0; i < DiscoveredPeers.DIALS; i++) {
      underway.add(discovered.join(Identity.generate().peerId(), AT, p -> await(release)));
    }

    CompletableFuture<Boolean> oneMore =
        discovered.join(Identity.generate().peerId(), AT, p -> true);

    assertThat(oneMore).isCompletedWithValue(false);
    release.countDown();
    for (CompletableFuture<Boolean> f : underway) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(
            discovered.join(Identity.generate().peerId(), AT, p -> true).get(10, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void join_peerThatFailed_isLeftAloneForTheRetryTime() throws Exception {
    PeerId peer = Identity.generate().peerId();
    assertThat(discovered.join(peer, AT, p -> false).get(10, TimeUnit.SECONDS)).isFalse();
    AtomicInteger attempts = new AtomicInteger();

    now.updateAndGet(t -> t.plus(DiscoveredPeers.RETRY).minusSeconds(1));
    CompletableFuture<Boolean> tooSoon =
        discovered.join(peer, AT, p -> attempts.incrementAndGet() > 0);
    now.updateAndGet(t -> t.plusSeconds(1));
    CompletableFuture<Boolean> later =
        discovered.join(peer, AT, p -> attempts.incrementAndGet() > 0);

    assertThat(tooSoon).isCompletedWithValue(false);
    assertThat(later.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts).hasValue(1);
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
