package io.ipfscluster.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.PinCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The v1 JSON of pins ({@link PinJson}) as export and import stream it: one generator writing pin
 * after pin to a sink, one parser reading an NDJSON buffer of 1024 {@link SamplePins}.
 *
 * <p>{@link #write} writes pins whose CIDs and peer IDs already know their text, so it measures the
 * JSON alone. {@link #decodeAndWrite} is the export's work per pin: decode the stored protobuf
 * (fresh CID and peer ID objects, which must be formatted), then write it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PinJsonBench {
  private static final int SIZE = 1024;
  private static final JsonFactory JSON = ClusterJson.mapper().getFactory();

  private Pin[] pins;
  private final Cid[] keys = new Cid[SIZE];
  private final byte[][] encoded = new byte[SIZE][];
  private byte[] ndjson;
  private JsonGenerator generator;
  private JsonParser parser;
  private int next;

  @Setup
  public void setUp() throws IOException {
    pins = new SamplePins().pins(SIZE);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
      for (int i = 0; i < SIZE; i++) {
        keys[i] = pins[i].cid();
        encoded[i] = PinCodec.encode(pins[i]);
        PinJson.write(g, pins[i]);
        g.writeRaw('\n');
      }
    }
    ndjson = buf.toByteArray();
    generator = JSON.createGenerator(OutputStream.nullOutputStream(), JsonEncoding.UTF8);
    parser = JSON.createParser(ndjson);
  }

  @TearDown
  public void tearDown() throws IOException {
    generator.close();
    parser.close();
  }

  private int index() {
    next = (next + 1) & (SIZE - 1);
    return next;
  }

  @Benchmark
  public JsonGenerator write() throws IOException {
    PinJson.write(generator, pins[index()]);
    generator.writeRaw('\n');
    return generator;
  }

  @Benchmark
  public JsonGenerator decodeAndWrite() throws IOException {
    int i = index();
    PinJson.write(generator, PinCodec.decode(keys[i], encoded[i]));
    generator.writeRaw('\n');
    return generator;
  }

  /** Reads the next pin of the buffer; a new parser every 1024 pins. */
  @Benchmark
  public Pin read() throws IOException {
    if (parser.nextToken() == null) {
      parser.close();
      parser = JSON.createParser(ndjson);
      parser.nextToken();
    }
    return PinJson.read(parser);
  }
}
