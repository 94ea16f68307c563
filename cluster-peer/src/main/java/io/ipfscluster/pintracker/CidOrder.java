package io.ipfscluster.pintracker;

import io.ipfscluster.multiformats.Cid;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Merging of streams sorted by CID (byte order). Thread-safe: stateless. */
final class CidOrder {
  private CidOrder() {}

  /**
   * The items of {@code first} and {@code second}, both sorted by {@code cid}, in one sorted
   * stream, lazily. When both have an item of the same CID, the one of {@code first} is kept and
   * the other dropped. Closing the result closes both.
   */
  static <T> Stream<T> merge(Stream<T> first, Stream<T> second, Function<T, Cid> cid) {
    Iterator<T> a = first.iterator();
    Iterator<T> b = second.iterator();
    Iterator<T> merged =
        new Iterator<>() {
          private T headA;
          private T headB;

          @Override
          public boolean hasNext() {
            if (headA == null && a.hasNext()) {
              headA = a.next();
            }
            if (headB == null && b.hasNext()) {
              headB = b.next();
            }
            return headA != null || headB != null;
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            if (headB == null) {
              return takeA();
            }
            if (headA == null) {
              return takeB();
            }
            int order = cid.apply(headA).compareTo(cid.apply(headB));
            if (order == 0) {
              headB = null;
            }
            return order <= 0 ? takeA() : takeB();
          }

          private T takeA() {
            T t = headA;
            headA = null;
            return t;
          }

          private T takeB() {
            T t = headB;
            headB = null;
            return t;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              try (first) {
                second.close();
              }
            });
  }
}
