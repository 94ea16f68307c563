package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Pin;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash safety (issue 4): a datastore that loses every write not yet synced is "crashed" at a
 * random moment while callers write. Every write acknowledged before the crash must be in what
 * survives, and what survives must be a consistent replica: no half-merged block. Seeded; replay
 * with {@code -Dcrdt.seed=N}.
 */
@Timeout(120)
class CrdtCrashTest {
  private static final int RUNS = 4;
  private static final int CALLERS = 8;
  private static final int KEYS_PER_CALLER = 3;

  @Test
  void acknowledgedWrites_surviveACrashAtARandomMoment_andTheReplicaIsConsistent()
      throws Exception {
    String fixed = System.getProperty("crdt.seed");
    long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    for (int i = 0; i < (fixed != null ? 1 : RUNS); i++) {
      long seed = base + i;
      System.out.println("CrdtCrashTest seed=" + seed);
      try {
        crashOnce(seed, i % 2 == 0 ? CrdtConfig.defaults() : batching());
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed with seed " + seed + " (-Dcrdt.seed=" + seed + ")", e);
      }
    }
  }

  private static CrdtConfig batching() {
    return CrdtConsensusTest.config(6, Duration.ofMillis(1), 10_000);
  }

  /** One write of a caller's sequence: a put named "v{index}", or a delete. */
  private record Write(int key, int index, boolean put) {}

  private static void crashOnce(long seed, CrdtConfig config) throws Exception {
    Random random = new Random(seed);
    LossyDatastore store = new LossyDatastore();
    Identity identity = TestPins.identity(seed);
    CrdtConsensus consensus = CrdtConsensus.builder(store, identity, config).build();
    Map<Integer, List<Write>> issued = new ConcurrentHashMap<>(); // per key, in order
    Map<Integer, Integer> acked = new ConcurrentHashMap<>(); // key → index of last acked write
    AtomicInteger acks = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      long callerSeed = random.nextLong();
      int caller = c;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    Random r = new Random(callerSeed);
                    for (int index = 0; !stop.get(); index++) {
                      int key = caller * KEYS_PER_CALLER + r.nextInt(KEYS_PER_CALLER);
                      boolean put = r.nextInt(4) != 0;
                      issued
                          .computeIfAbsent(key, k -> new ArrayList<>())
                          .add(new Write(key, index, put));
                      Pin pin = TestPins.pin(key, "v" + index);
                      try {
                        if (put) {
                          consensus.logPin(pin);
                        } else {
                          consensus.logUnpin(pin);
                        }
                      } catch (RuntimeException closing) {
                        return;
                      }
                      acked.put(key, index);
                      acks.incrementAndGet();
                    }
                  }));
    }
    int crashAfter = 20 + random.nextInt(150);
    while (acks.get() < crashAfter) {
      Thread.onSpinWait();
    }
    Map<Integer, Integer> ackedBeforeCrash = Map.copyOf(acked);
    MemoryDatastore survivor = store.crashImage();
    stop.set(true);
    consensus.close();
    for (Thread t : callers) {
      t.join();
    }

    CrdtReplica recovered = CrdtReplica.open(survivor, identity);
    ReplicaModel.check(recovered, Map.of()); // consistent: exactly the merged blocks' state
    for (Map.Entry<Integer, Integer> e : ackedBeforeCrash.entrySet()) {
      int key = e.getKey();
      Optional<Pin> pin = recovered.pinset().get(cid(key));
      List<Write> writes = List.copyOf(issued.get(key));
      // The survivor reflects the last acknowledged write of the key, or a later one.
      boolean explained =
          writes.stream()
              .filter(w -> w.index() >= e.getValue())
              .anyMatch(
                  w ->
                      w.put()
                          ? pin.isPresent() && pin.get().options().name().equals("v" + w.index())
                          : pin.isEmpty());
      assertThat(explained)
          .as(
              "key %d: survivor %s, last acknowledged write %d of %s",
              key, pin, e.getValue(), writes)
          .isTrue();
    }
  }
}
