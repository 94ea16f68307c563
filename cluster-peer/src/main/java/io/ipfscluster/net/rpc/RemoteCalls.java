package io.ipfscluster.net.rpc;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The calling side's shapes: a unary call whose failure becomes the caller's exception, and a
 * server stream presented as a Java {@link Stream} whose {@code close} cancels the call. The
 * caller's gRPC deadline, if it runs inside a served call, carries over. Thread-safe: stateless.
 */
final class RemoteCalls {
  private RemoteCalls() {}

  static <T> T unary(PeerId peer, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(peer, e);
    }
  }

  static <M, T> Stream<T> stream(PeerId peer, Supplier<Iterator<M>> call, Function<M, T> decode) {
    Context.CancellableContext ctx = Context.current().withCancellation();
    Iterator<M> messages;
    Context previous = ctx.attach();
    try {
      messages = call.get();
    } catch (StatusRuntimeException e) {
      ctx.cancel(e);
      throw RpcErrors.fromStatus(peer, e);
    } finally {
      ctx.detach(previous);
    }
    Iterator<T> values =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return messages.hasNext();
            } catch (StatusRuntimeException e) {
              throw RpcErrors.fromStatus(peer, e);
            }
          }

          @Override
          public T next() {
            try {
              return decode.apply(messages.next());
            } catch (StatusRuntimeException e) {
              throw RpcErrors.fromStatus(peer, e);
            }
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(values, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> ctx.cancel(null));
  }
}
