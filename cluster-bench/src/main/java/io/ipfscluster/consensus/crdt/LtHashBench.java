package io.ipfscluster.consensus.crdt;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two halves of every LtHash update of a merge: {@code element}, the 2048-byte element vector
 * of a member (SHA-256, then AES-256-CTR under that key), and {@code add}, adding a vector to the
 * digest lane by lane. A merged pin costs two of each (its live element and its state element).
 *
 * <p>In the package of {@link LtHash} (package-private) on the benchmark classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LtHashBench {
  private final LtHash digest = new LtHash();
  private byte[] vector;
  private long member;

  @Setup
  public void setUp() {
    vector = LtHash.element("bench", new byte[] {1});
  }

  @Benchmark
  public byte[] element() {
    return LtHash.element("bench", ByteBuffer.allocate(8).putLong(member++).array());
  }

  @Benchmark
  public LtHash add() {
    digest.add(vector);
    return digest;
  }
}
