package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several threads write pairs of keys ({@code a/<thread>/<round>} and {@code b/...}) in batches,
 * delete some pairs again, and put single progress keys, while another thread scans; afterwards the
 * store must hold exactly the expected pairs, both halves of each, and the scans must have seen
 * keys in strictly increasing order.
 *
 * <p>Not thread-safe itself; it starts and joins its own threads.
 */
final class ConcurrentWriters {
  private static final int SCANS = 20;

  private final Datastore store;
  private final int threads;
  private final int rounds;

  ConcurrentWriters(Datastore store, int threads, int rounds) {
    this.store = store;
    this.threads = threads;
    this.rounds = rounds;
  }

  void runAndCheck() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
    try {
      List<Callable<Void>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(
            () -> {
              write(thread);
              return null;
            });
      }
      Future<Integer> reader = executor.submit(this::scan);
      for (Future<Void> writer : executor.invokeAll(writers, 50, TimeUnit.SECONDS)) {
        writer.get();
      }
      assertThat(reader.get(50, TimeUnit.SECONDS)).isEqualTo(SCANS);
    } finally {
      executor.shutdownNow();
    }
    check();
  }

  private void write(int thread) {
    for (int i = 0; i < rounds; i++) {
      try (Batch batch = store.newBatch()) {
        batch.put(pairKey("a", thread, i), value(i));
        batch.put(pairKey("b", thread, i), value(i));
        batch.commit(i % 50 == 0);
      }
      if (i % 4 == 3) {
        try (Batch batch = store.newBatch()) {
          batch.delete(pairKey("a", thread, i - 2)).delete(pairKey("b", thread, i - 2));
          batch.commit(false);
        }
      }
      if (i % 40 == 0) {
        store.put(progressKey(thread), value(i));
      }
    }
  }

  private int scan() {
    for (int scan = 0; scan < SCANS; scan++) {
      try (Cursor cursor = store.iterate(bytes("a/"))) {
        byte[] previous = null;
        while (cursor.next()) {
          byte[] key = cursor.key();
          if (previous != null) {
            assertThat(KeyRange.ORDER.compare(previous, key)).as("scan order").isNegative();
          }
          previous = key;
        }
      }
    }
    return SCANS;
  }

  private void check() {
    long deletedPerThread = rounds / 4; // round i % 4 == 3 deletes the pair of round i - 2
    long expected = threads * (rounds - deletedPerThread);
    assertThat(store.count(bytes("a/"))).isEqualTo(expected);
    assertThat(store.count(bytes("b/"))).isEqualTo(expected);
    int lastProgress = (rounds - 1) / 40 * 40;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < rounds; i++) {
        boolean deleted = i % 4 == 1 && i + 2 < rounds;
        assertThat(store.get(pairKey("a", t, i)))
            .as("a %d/%d", t, i)
            .isEqualTo(deleted ? null : value(i));
        assertThat(store.has(pairKey("b", t, i))).as("b %d/%d", t, i).isEqualTo(!deleted);
      }
      assertThat(store.get(progressKey(t))).isEqualTo(value(lastProgress));
    }
  }

  private static byte[] pairKey(String side, int thread, int round) {
    return bytes(String.format("%s/%d/%04d", side, thread, round));
  }

  private static byte[] progressKey(int thread) {
    return bytes("progress/" + thread);
  }

  private static byte[] value(int round) {
    return bytes("v" + round);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
