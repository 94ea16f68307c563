package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic pins for benchmarks, the same for a given index on every run: CIDv0 and CIDv1 mixed,
 * three allocations drawn from a pool of ten Ed25519 peer IDs, a file name, replication factors and
 * a timestamp in whole seconds (the precision the state keeps).
 *
 * <p>Thread-safe: immutable after construction; {@link #pin(long)} derives everything from its
 * index.
 */
final class SamplePins {
  /** How many peers the allocations are drawn from. */
  static final int PEERS = 10;

  private static final long EPOCH = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  private static final String[] FOLDERS = {"photos", "backups", "datasets", "web", "logs"};
  private static final String[] EXTENSIONS = {".jpg", ".tar.gz", ".parquet", ".html", ".log"};

  private final List<PeerId> peers;

  SamplePins() {
    SplittableRandom random = new SplittableRandom(42);
    PeerId[] pool = new PeerId[PEERS];
    for (int i = 0; i < PEERS; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      pool[i] = PeerId.fromEd25519PublicKey(key);
    }
    this.peers = List.of(pool);
  }

  /** The pool of peer IDs ({@code 12D3KooW…}). */
  List<PeerId> peers() {
    return peers;
  }

  /** The CID of pin {@code i}: a CIDv0 for even indexes, a CIDv1 (dag-pb or raw) for odd ones. */
  static Cid cid(long i) {
    Multihash mh =
        Multihash.compute(
            HashFunction.SHA2_256,
            ByteBuffer.allocate(8).putLong(0, i * 0x9E3779B97F4A7C15L).array());
    if (i % 2 == 0) {
      return Cid.v0(mh);
    }
    return Cid.v1(i % 4 == 1 ? Multicodec.DAG_PB : Multicodec.RAW, mh);
  }

  /** Pin number {@code i}. */
  Pin pin(long i) {
    SplittableRandom random = new SplittableRandom(i);
    int first = random.nextInt(PEERS);
    int second = (first + 1 + random.nextInt(PEERS - 1)) % PEERS;
    int third = second;
    while (third == first || third == second) {
      third = random.nextInt(PEERS);
    }
    int replication = random.nextInt(10);
    int min = replication < 7 ? 2 : replication < 9 ? 3 : 1;
    String name =
        FOLDERS[random.nextInt(FOLDERS.length)]
            + "/"
            + (2019 + random.nextInt(6))
            + "/item-"
            + random.nextInt(1_000_000)
            + EXTENSIONS[random.nextInt(EXTENSIONS.length)];
    PinOptions options = PinOptions.defaults().withReplication(min, 3).withName(name);
    Instant timestamp = Instant.ofEpochSecond(EPOCH + random.nextLong(365L * 24 * 3600));
    return new Pin(
        cid(i),
        PinType.DATA,
        List.of(peers.get(first), peers.get(second), peers.get(third)),
        -1,
        null,
        timestamp,
        options);
  }

  /** Pins {@code 0 … n-1} in an array. */
  Pin[] pins(int n) {
    Pin[] out = new Pin[n];
    for (int i = 0; i < n; i++) {
      out[i] = pin(i);
    }
    return out;
  }
}
