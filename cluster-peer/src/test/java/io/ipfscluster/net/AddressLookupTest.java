package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AddressLookup} over a fake cluster: each peer's answer to an exchange is the peers it
 * knows, and asking a peer teaches this one what it knows.
 */
@Timeout(30)
class AddressLookupTest {
  private final Set<PeerId> known = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, Set<PeerId>> theirs = new ConcurrentHashMap<>();
  private final List<PeerId> asked = new CopyOnWriteArrayList<>();
  private final AtomicLong nanos = new AtomicLong();

  private AddressLookup lookup() {
    return new AddressLookup(
        known::contains,
        () -> new ArrayList<>(new LinkedHashSet<>(known)),
        peer -> {
          asked.add(peer);
          known.addAll(theirs.getOrDefault(peer, Set.of()));
          return true;
        },
        nanos::get);
  }

  private static List<PeerId> peers(int n) {
    List<PeerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Identity.generate().peerId());
    }
    return out;
  }

  @Test
  void find_ofAPeerKnownOnlyAtTheEndOfAChain_followsTheChain() {
    List<PeerId> p = peers(5);
    known.add(p.get(1));
    theirs.put(p.get(1), Set.of(p.get(2)));
    theirs.put(p.get(2), Set.of(p.get(3)));
    theirs.put(p.get(3), Set.of(p.get(4)));

    assertThat(lookup().find(p.get(4))).isTrue();
    assertThat(asked).containsExactly(p.get(1), p.get(2), p.get(3));
  }

  @Test
  void find_ofAPeerNobodyKnows_asksEachPeerOnce_andThenNotAgainForAWhile() {
    List<PeerId> p = peers(4);
    known.addAll(List.of(p.get(1), p.get(2)));
    theirs.put(p.get(1), Set.of(p.get(2)));
    theirs.put(p.get(2), Set.of(p.get(1)));
    AddressLookup lookup = lookup();

    assertThat(lookup.find(p.get(3))).isFalse();
    assertThat(asked).containsExactlyInAnyOrder(p.get(1), p.get(2));
    assertThat(lookup.find(p.get(3))).isFalse();
    assertThat(asked).hasSize(2);

    nanos.addAndGet(AddressLookup.RETRY_AFTER.toNanos());
    theirs.put(p.get(2), Set.of(p.get(3)));
    assertThat(lookup.find(p.get(3))).isTrue();
  }

  @Test
  void find_inALongChain_stopsAfterMaxAsked() {
    List<PeerId> p = peers(AddressLookup.MAX_ASKED + 3);
    known.add(p.get(1));
    for (int i = 1; i < p.size() - 1; i++) {
      theirs.put(p.get(i), Set.of(p.get(i + 1)));
    }

    assertThat(lookup().find(p.getLast())).isFalse();
    assertThat(asked).hasSize(AddressLookup.MAX_ASKED);
  }

  @Test
  void find_calledConcurrentlyForOnePeer_runsOneLookup() throws Exception {
    List<PeerId> p = peers(3);
    known.add(p.get(1));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AddressLookup lookup =
        new AddressLookup(
            known::contains,
            () -> List.copyOf(known),
            peer -> {
              asked.add(peer);
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              known.add(p.get(2));
              return true;
            },
            nanos::get);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> first = pool.submit(() -> lookup.find(p.get(2)));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Boolean>> others = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        others.add(pool.submit(() -> lookup.find(p.get(2))));
      }
      release.countDown();
      assertThat(first.get()).isTrue();
      for (Future<Boolean> f : others) {
        assertThat(f.get()).isTrue();
      }
    }
    assertThat(asked).containsExactly(p.get(1));
  }
}
