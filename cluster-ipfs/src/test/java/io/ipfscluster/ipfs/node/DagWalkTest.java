package io.ipfscluster.ipfs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DagWalkTest {

  /** A tree of {@code fanout}^{@code depth} leaves; links by parent. */
  private static Map<Cid, List<Cid>> tree(int fanout, int depth) {
    Map<Cid, List<Cid>> links = new HashMap<>();
    grow(links, "r", fanout, depth);
    return links;
  }

  private static Cid grow(Map<Cid, List<Cid>> links, String name, int fanout, int depth) {
    Cid cid = TestDags.rawLeaf(name.getBytes(StandardCharsets.UTF_8)).cid();
    List<Cid> children = new ArrayList<>();
    if (depth > 0) {
      for (int i = 0; i < fanout; i++) {
        children.add(grow(links, name + "/" + i, fanout, depth - 1));
      }
    }
    links.put(cid, children);
    return cid;
  }

  private static Cid root() {
    return TestDags.rawLeaf("r".getBytes(StandardCharsets.UTF_8)).cid();
  }

  @Test
  void run_singleBlock_isWalkedOnTheCallersThread() throws Exception {
    Cid leaf = root();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    new DagWalk(
            c -> {
              threads.add(Thread.currentThread());
              return List.of();
            },
            8)
        .run(List.of(leaf), ConcurrentHashMap.newKeySet(), (c, isRoot) -> true);
    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void run_tree_visitsEveryBlockOnce_withAtMostParallelismReadersAtOnce() throws Exception {
    Map<Cid, List<Cid>> links = tree(4, 4); // 341 blocks
    Map<Cid, AtomicInteger> visits = new ConcurrentHashMap<>();
    AtomicInteger reading = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    Set<Cid> visited = ConcurrentHashMap.newKeySet();
    new DagWalk(
            c -> {
              int now = reading.incrementAndGet();
              mostAtOnce.accumulateAndGet(now, Math::max);
              Thread.yield();
              reading.decrementAndGet();
              return links.get(c);
            },
            3)
        .run(
            List.of(root()),
            visited,
            (c, isRoot) -> {
              visits.computeIfAbsent(c, k -> new AtomicInteger()).incrementAndGet();
              return true;
            });
    assertThat(visits).hasSize(links.size());
    assertThat(visits.values()).allMatch(n -> n.get() == 1);
    assertThat(visited).isEqualTo(links.keySet());
    assertThat(mostAtOnce.get()).isBetween(1, 3);
  }

  @Test
  void run_wideBlock_readsItsLinksOnSeveralThreads() throws Exception {
    Map<Cid, List<Cid>> links = tree(4, 1);
    // Each leaf waits until all four are being read at once: only a walk that starts threads for
    // waiting work ends.
    CountDownLatch allReading = new CountDownLatch(4);
    new DagWalk(
            c -> {
              if (!c.equals(root())) {
                allReading.countDown();
                assertThat(allReading.await(30, TimeUnit.SECONDS)).isTrue();
              }
              return links.get(c);
            },
            4)
        .run(List.of(root()), ConcurrentHashMap.newKeySet(), (c, isRoot) -> true);
    assertThat(allReading.getCount()).isZero();
  }

  @Test
  void run_readerFails_throwsTheFailureAfterTheWalkStopped() {
    Map<Cid, List<Cid>> links = tree(3, 3);
    Cid bad = links.get(root()).get(1);
    assertThatThrownBy(
            () ->
                new DagWalk(
                        c -> {
                          if (c.equals(bad)) {
                            throw new BlockNotFoundException(c, "missing " + c);
                          }
                          return links.get(c);
                        },
                        4)
                    .run(List.of(root()), ConcurrentHashMap.newKeySet(), (c, isRoot) -> true))
        .isInstanceOf(BlockNotFoundException.class)
        .hasMessage("missing " + bad);
  }

  @Test
  void run_callerInterruptedWhileWalkersRead_throwsInterruptedAndStopsTheWalkers()
      throws Exception {
    Map<Cid, List<Cid>> links = tree(2, 1);
    CountDownLatch blocked = new CountDownLatch(2);
    AtomicInteger walkersInterrupted = new AtomicInteger();
    Thread caller = Thread.currentThread();
    Thread interrupter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    blocked.await();
                    caller.interrupt();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThatThrownBy(
            () ->
                new DagWalk(
                        c -> {
                          if (c.equals(root())) {
                            return links.get(c);
                          }
                          blocked.countDown();
                          try {
                            new CountDownLatch(1).await(); // a fetch that never ends
                          } catch (InterruptedException e) {
                            walkersInterrupted.incrementAndGet();
                            throw e;
                          }
                          return List.of();
                        },
                        2)
                    .run(List.of(root()), ConcurrentHashMap.newKeySet(), (c, isRoot) -> true))
        .isInstanceOf(InterruptedException.class);
    interrupter.join();
    assertThat(walkersInterrupted.get()).isEqualTo(2);
    assertThat(Thread.interrupted()).isFalse();
  }
}
