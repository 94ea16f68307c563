package io.ipfscluster.state;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.multiformats.Cid;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The cluster's pinset: one {@link Pin} per CID.
 *
 * <p>Listings are streams over the store, never collections: close them (try-with-resources) to
 * release the store's cursor. Single writes are durable when they return; {@link #newBatch()}
 * groups many writes into one atomic, durable commit. Implementations are thread-safe, except that
 * {@link #replaceAll} must not run concurrently with other writes.
 */
public interface State extends PinsetView {

  /** Adds {@code pin}, replacing the pin of the same CID; durable on return. */
  void add(Pin pin);

  /** Removes the pin of {@code cid}, if any; durable on return. */
  void remove(Cid cid);

  /** Starts a batch of writes that commit atomically. */
  StateBatch newBatch();

  /** {@inheritDoc} In CID byte order. */
  @Override
  Stream<Pin> list(int typeMask);

  /** Counts the pins by walking them (linear time, constant memory). */
  long size();

  /**
   * Replaces the whole pinset with {@code pins}, atomically: readers see the old pinset until the
   * new one is complete and durable, and if {@code pins} throws, or the process dies, the old
   * pinset stays. Memory does not grow with the number of pins. Returns the number of pins written.
   */
  long replaceAll(Iterator<Pin> pins);

  /** Removes every pin, atomically and durably. */
  default void clear() {
    replaceAll(java.util.Collections.emptyIterator());
  }

  /** A group of writes committed together. Not thread-safe. */
  interface StateBatch extends AutoCloseable {
    /** Adds or replaces {@code pin}. */
    StateBatch add(Pin pin);

    /** Removes the pin of {@code cid}. */
    StateBatch remove(Cid cid);

    /** The number of writes in the batch. */
    int size();

    /** Applies the writes atomically; with {@code sync} they are durable on return. */
    void commit(boolean sync);

    /** Discards the batch if it was not committed. */
    @Override
    void close();
  }
}
