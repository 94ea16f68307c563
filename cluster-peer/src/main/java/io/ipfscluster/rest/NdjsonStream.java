package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.ApiError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NDJSON answer (the original's {@code StreamResponse}): a source thread produces items into a
 * bounded queue, the request's thread writes them with Jackson's streaming generator straight to
 * the response. Memory stays flat whatever the number of items.
 *
 * <p>Items travel in batches. The source hands a batch over when it holds {@value #BATCH} items or
 * when the queue is empty (the writer is waiting). The writer flushes when its 32 KiB buffer is
 * full, or when the source has given it nothing for 2 ms: a fast source fills whole chunks, and a
 * slow one still gets every item to the client within 2 ms of its existence (the original flushes
 * after every item).
 *
 * <p>When the client goes away the writer interrupts the source thread, whose {@code produce} then
 * ends (closing what it iterates) on its next {@link Exchange.StreamSink#accept}.
 */
final class NdjsonStream<T> {
  private static final Logger log = LoggerFactory.getLogger(NdjsonStream.class);
  private static final int BATCH = 64;
  private static final int QUEUED_BATCHES = 16;
  private static final int CHUNK = 32 * 1024;

  /** How long the writer waits for more items before it flushes what it has. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  static final String TRAILER = "X-Stream-Error";

  /** The end of the items, with every failure reported by the source. */
  private record End(List<String> errors) {}

  private final Exchange exchange;
  private final Exchange.StreamSource<T> source;
  private final Exchange.ItemWriter<T> writer;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);

  NdjsonStream(Exchange exchange, Exchange.StreamSource<T> source, Exchange.ItemWriter<T> writer) {
    this.exchange = exchange;
    this.source = source;
    this.writer = writer;
  }

  void run() throws IOException {
    Thread producer = Thread.ofVirtual().name("restapi-stream").start(this::produce);
    try {
      write();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while streaming");
    } finally {
      producer.interrupt(); // no-op when it has finished
    }
  }

  private void produce() {
    Batcher sink = new Batcher();
    try {
      source.produce(sink);
    } catch (InterruptedException e) {
      return; // the writer gave up
    } catch (Throwable t) {
      sink.fail(t);
    }
    try {
      sink.finish();
    } catch (InterruptedException e) {
      // the writer gave up
    }
  }

  @SuppressWarnings("unchecked")
  private void write() throws IOException, InterruptedException {
    Object next = queue.take();
    var response = exchange.response();
    response.getHeaders().put("Trailer", TRAILER);
    if (next instanceof End end) {
      if (end.errors.isEmpty()) {
        exchange.start(204);
        Exchange.write(response, new byte[0]);
      } else {
        exchange.start(500);
        Exchange.write(response, GoJson.encode(new ApiError(500, end.errors.get(0))));
      }
      return;
    }
    HttpFields.Mutable trailers = HttpFields.build();
    response.setTrailersSupplier(() -> trailers);
    exchange.start(200);
    OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), CHUNK);
    try (JsonGenerator g = GoJson.generator(out)) {
      while (!(next instanceof End)) {
        for (Object item : (Object[]) next) {
          writer.write(g, (T) item);
          g.writeRaw('\n');
        }
        next = queue.poll();
        if (next == null) {
          next = queue.poll(LINGER_NANOS, TimeUnit.NANOSECONDS);
        }
        if (next == null) {
          g.flush();
          out.flush();
          next = queue.take();
        }
      }
    }
    // The original sets the trailer to "" and then adds each error, so clients read every value.
    trailers.add(TRAILER, "");
    for (String error : ((End) next).errors) {
      log.debug("stream of {} failed after its first item: {}", exchange.path(), error);
      trailers.add(TRAILER, error);
    }
    out.close(); // the last chunk, then the trailers
  }

  /** Collects items into batches for the queue; thread-safe for sources that fan out. */
  private final class Batcher implements Exchange.StreamSink<T> {
    private final List<String> errors = new ArrayList<>();
    private Object[] batch = new Object[BATCH];
    private int size;

    @Override
    public synchronized void accept(T item) throws InterruptedException {
      batch[size++] = item;
      if (size == BATCH || queue.isEmpty()) {
        handOver();
      }
    }

    @Override
    public synchronized void fail(Throwable error) {
      errors.add(ErrorStatus.message(error));
    }

    synchronized void finish() throws InterruptedException {
      if (size > 0) {
        handOver();
      }
      queue.put(new End(List.copyOf(errors)));
    }

    private void handOver() throws InterruptedException {
      Object[] full = size == BATCH ? batch : Arrays.copyOf(batch, size);
      queue.put(full);
      batch = new Object[BATCH];
      size = 0;
    }
  }
}
