package io.ipfscluster.bench;

import io.ipfscluster.multiformats.Cid;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and formatting CIDs: {@code Qm…} CIDv0 (base58btc) and {@code bafy…}/{@code bafk…} CIDv1
 * (base32), each over 1024 different CIDs so no branch or cache sees one value.
 *
 * <p>A parsed or formatted {@link Cid} keeps its text, so the format benchmarks decode a fresh CID
 * from bytes first: they measure {@code fromBytes} + {@code toString}, the path of a pin read from
 * the state and written as JSON. Subtract {@link #fromBytes} for the encoding alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CidBench {
  private static final int SIZE = 1024;

  private final String[] v0Text = new String[SIZE];
  private final String[] v1Text = new String[SIZE];
  private final byte[][] v0Bytes = new byte[SIZE][];
  private final byte[][] v1Bytes = new byte[SIZE][];
  private final Cid[] cids = new Cid[SIZE];
  private int next;

  @Setup
  public void setUp() {
    for (int i = 0; i < SIZE; i++) {
      Cid v0 = SamplePins.cid(2L * i);
      Cid v1 = SamplePins.cid(2L * i + 1);
      v0Text[i] = v0.toString();
      v1Text[i] = v1.toString();
      v0Bytes[i] = v0.toBytes();
      v1Bytes[i] = v1.toBytes();
      cids[i] = i % 2 == 0 ? v0 : v1;
    }
  }

  private int index() {
    next = (next + 1) & (SIZE - 1);
    return next;
  }

  @Benchmark
  public Cid parseV0() {
    return Cid.parse(v0Text[index()]);
  }

  @Benchmark
  public Cid parseV1() {
    return Cid.parse(v1Text[index()]);
  }

  @Benchmark
  public String formatV0() {
    return Cid.fromBytes(v0Bytes[index()]).toString();
  }

  @Benchmark
  public String formatV1() {
    return Cid.fromBytes(v1Bytes[index()]).toString();
  }

  /** Mixed v0 and v1. */
  @Benchmark
  public Cid fromBytes() {
    int i = index();
    return Cid.fromBytes(i % 2 == 0 ? v0Bytes[i] : v1Bytes[i]);
  }

  /** Mixed v0 and v1. */
  @Benchmark
  public byte[] toBytes() {
    return cids[index()].toBytes();
  }
}
