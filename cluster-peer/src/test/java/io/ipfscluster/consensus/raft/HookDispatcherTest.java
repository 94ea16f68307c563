package io.ipfscluster.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hook thread of the Raft state machine: order, marks, a bounded queue, close. */
@Timeout(30)
class HookDispatcherTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final List<Integer> ran = new CopyOnWriteArrayList<>();
  private final AtomicLong done = new AtomicLong(-1);
  private HookDispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private HookDispatcher open(int capacity) {
    dispatcher =
        new HookDispatcher(Thread.ofPlatform().daemon().factory(), done::set, "test", capacity);
    return dispatcher;
  }

  @Test
  void submit_manyHooks_runInSubmissionOrder_thenTheMark() {
    open(16);
    for (int i = 0; i < 1000; i++) {
      int n = i;
      dispatcher.submit(() -> ran.add(n));
      if (i % 100 == 99) {
        dispatcher.mark(i);
      }
    }

    await().atMost(DEADLINE).until(() -> done.get() == 999);
    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
  }

  @Test
  void mark_isReportedOnlyAfterTheHooksBeforeIt() throws Exception {
    open(16);
    CountDownLatch gate = new CountDownLatch(1);
    dispatcher.submit(
        () -> {
          awaitQuietly(gate);
          ran.add(1);
        });
    dispatcher.mark(7);
    CountDownLatch marked = new CountDownLatch(1);
    dispatcher.submit(marked::countDown); // runs only after the mark

    assertThat(done.get()).isEqualTo(-1); // the first hook is still blocked
    gate.countDown();
    marked.await();
    assertThat(done.get()).isEqualTo(7);
    assertThat(ran).containsExactly(1);
  }

  @Test
  void submit_whenTheQueueIsFull_waitsForRoom_andLosesNothing() {
    open(2);
    CountDownLatch gate = new CountDownLatch(1);
    dispatcher.submit(
        () -> {
          awaitQuietly(gate);
          ran.add(0);
        });
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 1; i <= 5; i++) {
                    int n = i;
                    dispatcher.submit(() -> ran.add(n));
                  }
                });

    // The first hook holds the thread, two wait in the queue: the producer blocks on the third.
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                producer.getState() == Thread.State.WAITING
                    || producer.getState() == Thread.State.TIMED_WAITING);
    assertThat(producer.isAlive()).isTrue();
    assertThat(ran).isEmpty();

    gate.countDown();
    await().atMost(DEADLINE).until(() -> !producer.isAlive());
    await().atMost(DEADLINE).until(() -> ran.size() == 6);
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void close_runsTheQueuedHooks_andLaterSubmitsAreIgnored() {
    open(64);
    for (int i = 0; i < 20; i++) {
      int n = i;
      dispatcher.submit(() -> ran.add(n));
    }

    dispatcher.close();
    dispatcher.submit(() -> ran.add(99));

    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
  }

  @Test
  void aFailingHook_isLogged_andTheNextOnesStillRun() {
    open(16);
    dispatcher.submit(
        () -> {
          throw new IllegalStateException("boom");
        });
    dispatcher.submit(() -> ran.add(1));
    dispatcher.mark(3);

    await().atMost(DEADLINE).until(() -> done.get() == 3);
    assertThat(ran).containsExactly(1);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
