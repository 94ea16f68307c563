package io.ipfscluster.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one NDJSON stream of the REST API ({@code GET /allocations}, {@code GET /pins}…) over a raw
 * socket, counting its items without keeping them, and samples the peer's RSS while it runs.
 *
 * <p>Not thread-safe: one read per call.
 */
final class StreamRead {
  /** What one read saw. */
  record Result(long items, long bytes, double seconds, long peakRssKib, long rssAfterKib) {}

  private StreamRead() {}

  /** Counts the items of {@code GET path}; {@code peer} may be null (no memory sampling). */
  static Result read(URI api, String path, ProcessStats peer) throws IOException {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong peak = new AtomicLong(-1);
    Thread sampler =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (peer != null && !done.get()) {
                    peak.accumulateAndGet(peer.rssKib(), Math::max);
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long start = System.nanoTime();
    long items = 0;
    long bytes = 0;
    int port = api.getPort() < 0 ? 80 : api.getPort();
    String streamError = "";
    try (Socket s = new Socket(api.getHost(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + api.getHost() + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      String status = line(in);
      boolean chunked = false;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        bytes += h.length() + 2;
        chunked |= h.toLowerCase(Locale.ROOT).startsWith("transfer-encoding: chunked");
      }
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("GET " + path + ": " + status);
      }
      byte[] buf = new byte[64 * 1024];
      if (!chunked) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          bytes += n;
          items += newlines(buf, n);
        }
      } else {
        // Items are NDJSON lines: count the newlines of the chunk data, not of the framing.
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
          bytes += size;
          for (int left = size; left > 0; ) {
            int n = in.read(buf, 0, Math.min(left, buf.length));
            if (n < 0) {
              throw new IOException("stream cut inside a chunk");
            }
            items += newlines(buf, n);
            left -= n;
          }
          line(in);
        }
        for (String t = line(in); !t.isEmpty(); t = line(in)) {
          streamError = t; // trailers: X-Stream-Error when the stream failed
        }
      }
    } finally {
      done.set(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!streamError.substring(streamError.indexOf(':') + 1).isBlank()) {
      System.out.println("trailer: " + streamError);
    }
    return new Result(items, bytes, seconds, peak.get(), peer == null ? -1 : peer.rssKib());
  }

  private static int chunkSize(InputStream in) throws IOException {
    String size = line(in);
    int semicolon = size.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
  }

  private static long newlines(byte[] buf, int n) {
    long count = 0;
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(32);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed early");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
