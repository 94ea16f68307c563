package io.ipfscluster.consensus.raft;

import static io.ipfscluster.consensus.raft.RaftTestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EntryBatcherTest {
  private static final Duration COMMIT_TIME = Duration.ofSeconds(2);

  /** An entry handed to the sink and the future that commits it. */
  private record Pending(LogEntry entry, CompletableFuture<Void> done) {
    List<LogEntry.Op> ops() {
      return entry.ops();
    }

    /** Completes it after {@link #COMMIT_TIME}, as a slow commit. */
    void commitSlowly() {
      done.completeAsync(
          () -> null,
          CompletableFuture.delayedExecutor(COMMIT_TIME.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private final BlockingQueue<Pending> sent = new LinkedBlockingQueue<>();
  private final EntryBatcher batcher =
      new EntryBatcher(
          entry -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            sent.add(new Pending(entry, done));
            return done;
          },
          Thread.ofPlatform().daemon().factory(),
          "test",
          Duration.ofSeconds(30));

  @AfterEach
  void close() {
    sent.forEach(p -> p.done().complete(null));
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (true) {
                try {
                  sent.take().done().complete(null);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    batcher.close();
  }

  private static LogEntry.Op op(int i) {
    return LogEntry.Op.unpin(cid(i));
  }

  private Pending next() throws InterruptedException {
    Pending p = sent.poll(30, TimeUnit.SECONDS);
    assertThat(p).as("an entry handed to the sink").isNotNull();
    return p;
  }

  @Test
  void submit_alone_commitsAtOnceInAnEntryOfItsOwn() throws Exception {
    CompletableFuture<Void> done = batcher.submit(op(1));

    Pending first = next();
    assertThat(first.ops()).containsExactly(op(1));
    first.done().complete(null);
    assertThat(done).succeedsWithin(Duration.ofSeconds(30));
  }

  /** Commits an entry of one, then one of two that takes {@link #COMMIT_TIME}. */
  private void lastEntryOfTwoTookCommitTime() throws Exception {
    batcher.submit(op(1));
    Pending first = next();
    batcher.submit(op(2));
    batcher.submit(op(3));
    first.done().complete(null);
    Pending second = next(); // the two queued meanwhile, sent as soon as the first is done
    assertThat(second.ops()).containsExactly(op(2), op(3));
    second.commitSlowly();
    await().atMost(Duration.ofSeconds(30)).until(second.done()::isDone);
  }

  @Test
  void submit_afterAnEntryOfTwo_waitsForASecondOperation_andCommitsBothTogether() throws Exception {
    lastEntryOfTwoTookCommitTime();

    CompletableFuture<Void> fourth = batcher.submit(op(4));
    // The last entry carried two and took COMMIT_TIME: the fourth waits for company that long.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(sent::isEmpty);
    CompletableFuture<Void> fifth = batcher.submit(op(5));

    Pending third = next();
    assertThat(third.ops()).containsExactly(op(4), op(5));
    third.done().complete(null);
    assertThat(CompletableFuture.allOf(fourth, fifth)).succeedsWithin(Duration.ofSeconds(30));
  }

  @Test
  void submit_afterAnEntryOfTwo_withNoSecondOperation_commitsAloneAfterTheLastCommitTime()
      throws Exception {
    lastEntryOfTwoTookCommitTime();

    CompletableFuture<Void> alone = batcher.submit(op(4));

    // It waits about COMMIT_TIME (2 s), well before the 30 s bound of this batcher.
    Pending third = sent.poll(15, TimeUnit.SECONDS);
    assertThat(third).as("an entry handed to the sink within 15 s").isNotNull();
    assertThat(third.ops()).containsExactly(op(4));
    third.done().complete(null);
    assertThat(alone).succeedsWithin(Duration.ofSeconds(30));
  }
}
