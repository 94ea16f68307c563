package io.ipfscluster.consensus.crdt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CoalescingQueueTest {
  private final List<String> done = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);

  /** Work that records "key=value", the first item waiting for {@link #release}. */
  private void work(String key, String value) {
    if (started.getCount() > 0) {
      started.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    done.add(key + "=" + value);
  }

  private CoalescingQueue<String, String> queue(int maxKeys, int workers) {
    return new CoalescingQueue<>(maxKeys, workers, Thread.ofVirtual().factory(), this::work);
  }

  @Test
  void offer_manyForOneKeyWhileBusy_runsTheFirstAndOnlyTheLatestOfTheRest() throws Exception {
    try (CoalescingQueue<String, String> q = queue(8, 2)) {
      q.offer("a", "1");
      started.await();
      for (int i = 2; i <= 50; i++) {
        assertThat(q.offer("a", String.valueOf(i))).isTrue();
      }
      assertThat(q.waiting()).isEqualTo(1);
      // A second worker is free, but items of a busy key wait for it.
      release.countDown();

      await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
      assertThat(done).containsExactly("a=1", "a=50");
    }
  }

  @Test
  void offer_otherKeysWhileOneIsBusy_runOnTheOtherWorker() throws Exception {
    try (CoalescingQueue<String, String> q = queue(8, 2)) {
      q.offer("a", "1");
      started.await();
      q.offer("b", "1");
      q.offer("c", "1");

      await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 2);
      assertThat(done).containsExactly("b=1", "c=1");
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 3);
    }
  }

  @Test
  void offer_moreKeysThanTheBound_refusesNewKeysButReplacesWaitingOnes() throws Exception {
    try (CoalescingQueue<String, String> q = queue(2, 1)) {
      q.offer("a", "1");
      started.await();

      assertThat(q.offer("b", "1")).isTrue();
      assertThat(q.offer("c", "1")).isTrue();
      assertThat(q.offer("d", "1")).isFalse();
      assertThat(q.offer("b", "2")).isTrue();
      release.countDown();

      await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 3);
      assertThat(done).containsExactly("a=1", "b=2", "c=1");
    }
  }

  @Test
  void work_thatThrows_doesNotStopTheWorker() {
    AtomicInteger calls = new AtomicInteger();
    try (CoalescingQueue<String, String> q =
        new CoalescingQueue<>(
            4,
            1,
            Thread.ofVirtual().factory(),
            (k, v) -> {
              calls.incrementAndGet();
              throw new IllegalStateException("boom");
            })) {
      q.offer("a", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      q.offer("a", "2");
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
    }
  }

  @Test
  void offer_afterClose_isRefused() {
    CoalescingQueue<String, String> q = queue(4, 1);
    q.close();

    assertThat(q.offer("a", "1")).isFalse();
  }
}
