package io.ipfscluster.client;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of a streamed answer (NDJSON), parsed one at a time as they arrive.
 *
 * <p>When the items end, the answer's {@code X-Stream-Error} trailer is read: an error the API met
 * half-way through is thrown from {@link #hasNext()} as an {@link ApiException} with code 500 (its
 * messages joined by {@code "; "}, as the original's client joins them). A connection that breaks
 * before the answer's end throws a {@link TransportException}, a request that outlives its timeout
 * a {@link RequestTimeoutException}: a stream that ends without an exception is complete.
 *
 * <p>Close it (try-with-resources) to release the connection when not reading to the end. Not
 * thread-safe: one thread iterates.
 *
 * @param <T> the item type
 */
public final class ResultStream<T> implements Iterator<T>, AutoCloseable {
  private final HttpResponse response;
  private final ObjectReader reader;
  private final Function<Exception, ClientException> failure;
  private final Runnable onClose;
  private MappingIterator<T> items;
  private boolean finished;
  private boolean closed;

  ResultStream(
      HttpResponse response,
      ObjectReader reader,
      Function<Exception, ClientException> failure,
      Runnable onClose) {
    this.response = response;
    this.reader = reader;
    this.failure = failure;
    this.onClose = onClose;
  }

  /** A stream with no items (the API answered 204 No Content). */
  static <T> ResultStream<T> empty() {
    ResultStream<T> s = new ResultStream<>(null, null, null, () -> {});
    s.finished = true;
    return s;
  }

  /**
   * Whether another item follows; reads from the connection until it knows.
   *
   * @throws ClientException when the stream ends with an error (see the class comment)
   */
  @Override
  public boolean hasNext() {
    if (finished) {
      return false;
    }
    if (closed) {
      throw new IllegalStateException("the stream is closed");
    }
    try {
      if (items == null) {
        items = reader.readValues(new KeepOpen(response.body()));
      }
      if (items.hasNextValue()) {
        return true;
      }
      response.body().transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      close();
      throw failure.apply(e);
    }
    finished = true;
    String error = streamError();
    close();
    if (!error.isEmpty()) {
      throw new ApiException(500, error);
    }
    return false;
  }

  /**
   * The next item.
   *
   * @throws NoSuchElementException when there is none
   * @throws ClientException as {@link #hasNext()}
   */
  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      return items.nextValue();
    } catch (IOException | RuntimeException e) {
      close();
      throw failure.apply(e);
    }
  }

  /** The remaining items, read to the end; the stream is closed afterwards. */
  public List<T> toList() {
    try (this) {
      List<T> out = new ArrayList<>();
      forEachRemaining(out::add);
      return out;
    }
  }

  /** The remaining items as a sequential {@link Stream}; closing it closes this. */
  public Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /** Releases the connection; further reading is an error. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (response != null) {
        response.close();
      }
    } catch (IOException ignored) {
      // Nothing more to read from it.
    } finally {
      onClose.run();
    }
  }

  private String streamError() {
    List<String> values = response.trailers().getOrDefault("X-Stream-Error", List.of());
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      if (!v.isEmpty()) {
        if (!sb.isEmpty()) {
          sb.append("; ");
        }
        sb.append(v);
      }
    }
    return sb.toString();
  }

  /** Keeps the parser from closing the body, whose trailers are read after the last item. */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
