package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed loop of the consensus benches: {@code callers} virtual threads call {@link
 * Consensus#logPin} back to back, caller {@code t} through {@code targets.get(t % size)}, until
 * {@code count} pins are acknowledged.
 *
 * <p>Not thread-safe; one run at a time.
 */
final class LogPinLoad {
  private LogPinLoad() {}

  /** Pins {@code count} CIDs numbered from {@code first}; returns each call's latency in ns. */
  static long[] run(List<? extends Consensus> targets, int first, int count, int callers)
      throws InterruptedException {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      Consensus through = targets.get(t % targets.size());
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                      Pin pin =
                          Pin.of(cid(first + i), PinOptions.defaults().withName("bench " + i));
                      long t0 = System.nanoTime();
                      through.logPin(pin);
                      latencies[i] = System.nanoTime() - t0;
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return latencies;
  }

  /** A raw CIDv1 of the number {@code i}: distinct and cheap to make. */
  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }
}
