package io.ipfscluster.net.rpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The three shapes of served call, written once so every service method is one line: unary calls
 * whose thread is interrupted when the caller cancels or its deadline passes, server streams that
 * send only as fast as the caller reads, and client streams handed to a component as a bounded
 * blocking iterator. Thread-safe: stateless.
 */
final class ServerCalls {
  /** Messages of a client stream buffered ahead of the component that consumes them. */
  static final int CLIENT_STREAM_WINDOW = 16;

  private ServerCalls() {}

  /** Answers with {@code body}'s result; cancellation interrupts the thread running it. */
  static <R> void unary(StreamObserver<R> observer, Supplier<R> body) {
    Thread thread = Thread.currentThread();
    Context ctx = Context.current();
    Context.CancellationListener interrupt = c -> thread.interrupt();
    ctx.addListener(interrupt, Runnable::run);
    R result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      observer.onError(RpcErrors.toStatus(ctx.isCancelled() ? cancelled(e) : e));
      return;
    } finally {
      ctx.removeListener(interrupt);
      Thread.interrupted(); // the interrupt was for this call only
    }
    observer.onNext(result);
    observer.onCompleted();
  }

  /**
   * Streams the values of {@code source}, encoded, as the caller's flow control allows: values are
   * pulled only while the transport is ready, so a slow reader holds back the producer rather than
   * filling memory. The stream is closed at the end, on failure and on cancellation.
   */
  static <T, R> void stream(
      StreamObserver<R> observer, Supplier<Stream<T>> source, Function<T, R> encode) {
    ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
    Stream<T> stream;
    try {
      stream = source.get();
    } catch (RuntimeException e) {
      call.onError(RpcErrors.toStatus(e));
      return;
    }
    Drain<T, R> drain = new Drain<>(call, stream, encode);
    call.setOnCancelHandler(drain::finish);
    call.setOnReadyHandler(drain);
    drain.run();
  }

  /** Pulls values while the transport is ready; runs serialized with the call's other events. */
  private static final class Drain<T, R> implements Runnable {
    private final ServerCallStreamObserver<R> call;
    private final Stream<T> stream;
    private final Iterator<T> values;
    private final Function<T, R> encode;
    private boolean done;

    Drain(ServerCallStreamObserver<R> call, Stream<T> stream, Function<T, R> encode) {
      this.call = call;
      this.stream = stream;
      this.values = stream.iterator();
      this.encode = encode;
    }

    @Override
    public void run() {
      try {
        while (!done && call.isReady() && !call.isCancelled()) {
          if (!values.hasNext()) {
            finish();
            call.onCompleted();
            return;
          }
          call.onNext(encode.apply(values.next()));
        }
      } catch (RuntimeException e) {
        finish();
        if (!call.isCancelled()) {
          call.onError(RpcErrors.toStatus(e));
        }
      }
    }

    void finish() {
      if (!done) {
        done = true;
        stream.close();
      }
    }
  }

  /**
   * Receives a client stream and hands it to {@code consumer} as an iterator on a thread of its own
   * (the component blocks on it), reading at most {@link #CLIENT_STREAM_WINDOW} messages ahead.
   * Answers {@code reply} when the consumer returns, or its failure.
   */
  static <Q, T, R> StreamObserver<Q> clientStream(
      StreamObserver<R> observer,
      Function<Q, T> decode,
      Consumer<Iterator<T>> consumer,
      R reply,
      Consumer<Runnable> executor) {
    ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
    call.disableAutoRequest();
    Inbox<Q, T> inbox = new Inbox<>(call, decode);
    call.request(CLIENT_STREAM_WINDOW);
    executor.accept(
        () -> {
          try {
            consumer.accept(inbox);
            inbox.drainRest();
            call.onNext(reply);
            call.onCompleted();
          } catch (RuntimeException e) {
            if (!call.isCancelled()) {
              call.onError(RpcErrors.toStatus(e));
            }
          }
        });
    return inbox;
  }

  /** The bounded hand-over between gRPC's callbacks and the consuming component. */
  private static final class Inbox<Q, T> implements StreamObserver<Q>, Iterator<T> {
    private static final Object END = new Object();

    private final ServerCallStreamObserver<?> call;
    private final Function<Q, T> decode;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CLIENT_STREAM_WINDOW + 1);
    private Object next;

    Inbox(ServerCallStreamObserver<?> call, Function<Q, T> decode) {
      this.call = call;
      this.decode = decode;
    }

    @Override
    public void onNext(Q value) {
      // Never blocks: the caller sends only what was requested, and the queue holds the window.
      queue.offer(value);
    }

    @Override
    public void onError(Throwable t) {
      queue.clear();
      queue.offer(new CancellationException("the caller ended the stream: " + t.getMessage()));
    }

    @Override
    public void onCompleted() {
      queue.offer(END);
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted while reading the client stream");
        }
        if (next instanceof CancellationException c) {
          next = END;
          throw c;
        }
        if (next != END) {
          call.request(1);
        }
      }
      return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Q value = (Q) next;
      next = null;
      return decode.apply(value);
    }

    /** Reads to the end of the stream the consumer left unfinished. */
    void drainRest() {
      while (hasNext()) {
        next = null;
      }
    }
  }

  private static RuntimeException cancelled(RuntimeException e) {
    CancellationException c = new CancellationException("the call was cancelled");
    c.initCause(e);
    return c;
  }
}
