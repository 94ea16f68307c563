package io.ipfscluster.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.config.HttpApiConfig;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.rest.RestApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * How fast {@code GET /allocations} streams a large pinset: a {@link RestApi} over a {@link
 * GeneratedPinset} on loopback, read by a raw HTTP/1.1 client that counts the NDJSON lines. Also
 * measures the JSON encoding alone (no HTTP), to show what the transport costs.
 *
 * <p>Usage: {@code RestStreamBench [pins] [rounds]} (1,000,000 pins, 3 measured rounds after one
 * warm-up).
 */
public final class RestStreamBench {
  private RestStreamBench() {}

  public static void main(String[] args) throws Exception {
    int pins = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    GeneratedPinset cluster = new GeneratedPinset(pins);
    HttpApiConfig d = HttpApiConfig.restApiDefaults();
    HttpApiConfig config =
        new HttpApiConfig(
            d.key(),
            List.of("/ip4/127.0.0.1/tcp/0"),
            "",
            "",
            d.readTimeout(),
            d.readHeaderTimeout(),
            d.writeTimeout(),
            d.idleTimeout(),
            d.maxHeaderBytes(),
            List.of(),
            "",
            "",
            Optional.empty(),
            "",
            d.headers(),
            d.corsAllowedOrigins(),
            d.corsAllowedMethods(),
            d.corsAllowedHeaders(),
            d.corsExposedHeaders(),
            d.corsAllowCredentials(),
            d.corsMaxAge());
    try (RestApi api = RestApi.builder(config, cluster).logPrefix("bench").build()) {
      api.start();
      Multiaddr a = api.listenAddresses().get(0);
      int port = Integer.parseInt(a.valueOf(Protocol.TCP).orElseThrow());
      System.out.printf(
          "%,d pins, %d rounds (after 1 warm-up), %d cores%n",
          pins, rounds, Runtime.getRuntime().availableProcessors());
      for (int r = 0; r <= rounds; r++) {
        encodeOnly(cluster, pins, r == 0);
        stream(port, pins, r == 0);
      }
    }
  }

  private static void encodeOnly(GeneratedPinset cluster, int pins, boolean warmUp)
      throws IOException {
    long start = System.nanoTime();
    CountingStream out = new CountingStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      cluster
          .pins(30)
          .forEach(
              p -> {
                try {
                  PinJson.write(g, p);
                  g.writeRaw('\n');
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    report("generate+encode, no HTTP", pins, out.bytes, System.nanoTime() - start, warmUp);
  }

  private static void stream(int port, int pins, boolean warmUp) throws IOException {
    long start = System.nanoTime();
    long lines = 0;
    long bytes = 0;
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /allocations HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      int previous = 0;
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          // Items end in "}\n"; chunk sizes and headers end in "\r\n".
          if (buf[i] == '\n' && previous == '}') {
            lines++;
          }
          previous = buf[i];
        }
      }
    }
    if (lines != pins) {
      throw new IllegalStateException("expected " + pins + " pins, read " + lines);
    }
    report("GET /allocations over HTTP", pins, bytes, System.nanoTime() - start, warmUp);
  }

  private static void report(String what, int pins, long bytes, long nanos, boolean warmUp) {
    double seconds = nanos / 1e9;
    System.out.printf(
        "%-28s %s %,10.0f pins/s  %7.1f MB/s  %6.2f s  heap used %,4d MiB  load %.1f%n",
        what,
        warmUp ? "(warm-up)" : "         ",
        pins / seconds,
        bytes / seconds / 1e6,
        seconds,
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Counts and discards bytes. */
  private static final class CountingStream extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
