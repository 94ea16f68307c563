package io.ipfscluster.bench;

import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and formatting Ed25519 peer IDs ({@code 12D3KooW…}, base58btc of a 38-byte identity
 * multihash): every pin carries its allocations as peer IDs, so they weigh on export and import.
 * Formatting decodes a fresh peer ID from bytes first, as reading a pin from the state does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PeerIdBench {
  private String[] text;
  private byte[][] bytes;
  private int next;

  @Setup
  public void setUp() {
    List<PeerId> peers = new SamplePins().peers();
    text = peers.stream().map(PeerId::toString).toArray(String[]::new);
    bytes = peers.stream().map(PeerId::toBytes).toArray(byte[][]::new);
  }

  private int index() {
    next = next == SamplePins.PEERS - 1 ? 0 : next + 1;
    return next;
  }

  @Benchmark
  public PeerId parse() {
    return PeerId.parse(text[index()]);
  }

  @Benchmark
  public String format() {
    return PeerId.fromBytes(bytes[index()]).toString();
  }
}
