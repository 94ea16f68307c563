package io.ipfscluster.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
    try (Socket s = new Socket(api.getHost(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + api.getHost() + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      int previous = 0;
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          // Items end in "}\n"; the status line, headers and chunk sizes end in "\r\n".
          if (buf[i] == '\n' && previous == '}') {
            items++;
          }
          previous = buf[i];
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
    return new Result(items, bytes, seconds, peak.get(), peer == null ? -1 : peer.rssKib());
  }
}
