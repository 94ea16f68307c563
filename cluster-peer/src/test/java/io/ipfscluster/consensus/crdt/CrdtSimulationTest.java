package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replicas that write concurrently and exchange blocks directly, in random order, with duplicates
 * and with parents missing, must all hold the state computed from the union of the blocks (crdt-
 * design §4f). Seeded: each run prints its seeds; replay one with {@code -Dcrdt.seed=N}.
 */
class CrdtSimulationTest {
  private static final int RUNS = 12;

  @Test
  void randomHistories_mergedInAnyOrder_converge_toTheModelOfAllBlocks() {
    String fixed = System.getProperty("crdt.seed");
    long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    int runs = fixed != null ? 1 : RUNS;
    for (int i = 0; i < runs; i++) {
      long seed = base + i;
      System.out.println("CrdtSimulationTest seed=" + seed);
      try {
        simulate(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed with seed " + seed + " (-Dcrdt.seed=" + seed + ")", e);
      }
    }
  }

  private static void simulate(long seed) {
    Random random = new Random(seed);
    int replicaCount = 2 + random.nextInt(3);
    int keys = 1 + random.nextInt(5);
    int steps = 30 + random.nextInt(40);
    List<CrdtReplica> replicas = new ArrayList<>();
    for (int r = 0; r < replicaCount; r++) {
      replicas.add(CrdtReplica.open(new MemoryDatastore(), TestPins.identity(seed * 10 + r)));
    }
    List<DeltaBlock> pool = new ArrayList<>();
    Map<Cid, DeltaBlock> byCid = new HashMap<>();

    for (int step = 0; step < steps; step++) {
      CrdtReplica replica = replicas.get(random.nextInt(replicaCount));
      int action = random.nextInt(10);
      if (action < 4) {
        List<CrdtReplica.Op> ops = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          int key = random.nextInt(keys);
          ops.add(
              new CrdtReplica.Op(
                  cid(key),
                  random.nextInt(3) == 0 ? null : TestPins.value(key, "s" + seed + "-" + step)));
        }
        for (DeltaBlock b : replica.commitLocal(ops).blocks()) {
          pool.add(b);
          byCid.put(b.cid(), b);
        }
      } else if (action < 9 && !pool.isEmpty()) {
        List<DeltaBlock> delivery = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          delivery.add(pool.get(random.nextInt(pool.size()))); // repeats and own blocks too
        }
        replica.mergeRemote(delivery);
      } else {
        ReplicaModel.check(replica, byCid);
      }
      assertEqualVectorsHaveEqualDigests(replicas);
    }

    for (CrdtReplica replica : replicas) {
      List<DeltaBlock> all = new ArrayList<>(pool);
      for (int n = random.nextInt(pool.size() + 1); n > 0; n--) {
        all.add(pool.get(random.nextInt(pool.size())));
      }
      Collections.shuffle(all, random);
      for (int from = 0; from < all.size(); ) {
        int to = Math.min(all.size(), from + 1 + random.nextInt(4));
        replica.mergeRemote(all.subList(from, to));
        from = to;
      }
    }

    ReplicaModel model = ReplicaModel.of(pool);
    ReplicaInfo first = replicas.get(0).info();
    for (CrdtReplica replica : replicas) {
      ReplicaModel.check(replica, byCid);
      ReplicaInfo info = replica.info();
      assertThat(pins(replica)).isEqualTo(hex(model.winners));
      assertThat(info.pending()).isZero();
      assertThat(info.mergedAbove()).isZero();
      assertThat(info.versionVector()).isEqualTo(first.versionVector());
      assertThat(info.heads()).isEqualTo(first.heads());
      assertThat(info.stateDigest()).isEqualTo(first.stateDigest());
      assertThat(info.crdtDigest()).isEqualTo(first.crdtDigest());
    }
  }

  private static void assertEqualVectorsHaveEqualDigests(List<CrdtReplica> replicas) {
    Map<VersionVector, ReplicaInfo> seen = new HashMap<>();
    for (CrdtReplica replica : replicas) {
      ReplicaInfo info = replica.info();
      if (info.mergedAbove() != 0) {
        continue; // the vector does not name the merged set
      }
      ReplicaInfo other = seen.putIfAbsent(info.versionVector(), info);
      if (other != null) {
        assertThat(info.stateDigest()).isEqualTo(other.stateDigest());
        assertThat(info.crdtDigest()).isEqualTo(other.crdtDigest());
        assertThat(info.heads()).isEqualTo(other.heads());
      }
    }
  }

  private static Map<Cid, String> pins(CrdtReplica replica) {
    Map<Cid, String> out = new TreeMap<>();
    try (var pins = replica.pinset().list()) {
      pins.forEach(
          p -> out.put(p.cid(), HexFormat.of().formatHex(io.ipfscluster.state.PinCodec.encode(p))));
    }
    return out;
  }

  private static Map<Cid, String> hex(Map<Cid, byte[]> map) {
    Map<Cid, String> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, HexFormat.of().formatHex(v)));
    return out;
  }
}
