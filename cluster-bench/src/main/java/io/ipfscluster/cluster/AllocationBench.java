package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Allocating a new pin among many peers with the default {@code allocate_by} ({@code tag:group},
 * {@code freespace}): every peer has a valid tag and free-space metric, as the peer monitor would
 * serve them; one operation chooses 3 peers ({@code rmin} 2, {@code rmax} 3) for a fresh CID.
 *
 * <p>In the package of {@link Allocation} (package-private) on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class AllocationBench {
  private static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");

  @Param({"500"})
  public int peers;

  /** How many tag values the peers are spread over. */
  @Param({"1", "10"})
  public int groups;

  private Allocation allocation;
  private Cid[] cids;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    List<PeerId> ids = new ArrayList<>();
    List<Metric> tags = new ArrayList<>();
    List<Metric> free = new ArrayList<>();
    long expire = nanos(NOW.plusSeconds(60));
    for (int i = 0; i < peers; i++) {
      PeerId p = Identity.generate().peerId();
      ids.add(p);
      tags.add(new Metric("tag:group", p, "g" + (i % groups), expire, true, 0, true, 0));
      long bytes = 1L + random.nextLong(1L << 40);
      free.add(new Metric("freespace", p, Long.toString(bytes), expire, true, bytes, false, 0));
    }
    Map<String, List<Metric>> byName =
        Map.of("tag:group", List.copyOf(tags), "freespace", List.copyOf(free));
    List<PeerId> peerset = List.copyOf(ids);
    allocation =
        new Allocation(
            new BalancedAllocator(List.of("tag:group", "freespace")),
            name -> byName.getOrDefault(name, List.of()),
            () -> peerset,
            p -> true,
            InstantSource.fixed(NOW),
            "bench");
    cids = new Cid[1024];
    for (int i = 0; i < cids.length; i++) {
      cids[i] =
          Cid.v1(
              Multicodec.RAW,
              Multihash.compute(
                  HashFunction.SHA2_256, ("pin " + i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Benchmark
  public List<PeerId> allocateNewPin() {
    next = (next + 1) & (cids.length - 1);
    return allocation.allocate(cids[next], 2, 3, List.of(), List.of(), Set.of());
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
