package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.PinCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The protobuf encoding of pins in the state ({@link PinCodec}), over 1024 {@link SamplePins}.
 * Decoding takes the CID from the key, as listing the state does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PinCodecBench {
  private static final int SIZE = 1024;

  private Pin[] pins;
  private final Cid[] keys = new Cid[SIZE];
  private final byte[][] encoded = new byte[SIZE][];
  private int next;

  @Setup
  public void setUp() {
    pins = new SamplePins().pins(SIZE);
    for (int i = 0; i < SIZE; i++) {
      keys[i] = pins[i].cid();
      encoded[i] = PinCodec.encode(pins[i]);
    }
  }

  private int index() {
    next = (next + 1) & (SIZE - 1);
    return next;
  }

  @Benchmark
  public byte[] encode() {
    return PinCodec.encode(pins[index()]);
  }

  @Benchmark
  public Pin decode() {
    int i = index();
    return PinCodec.decode(keys[i], encoded[i]);
  }
}
