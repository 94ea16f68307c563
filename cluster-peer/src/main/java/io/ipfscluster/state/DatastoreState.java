package io.ipfscluster.state;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pinset kept in a {@link Datastore}: key = generation + CID bytes, value = the protobuf pin of
 * {@link PinCodec}.
 *
 * <p>Pins live under a <em>generation</em> named by the key {@code g}. {@link #replaceAll} writes
 * the new pinset under the next generation in bounded batches, then switches {@code g} in one
 * synced write, then drops the old generation with a range deletion. A crash before the switch
 * leaves the old pinset in place; leftovers of either side are removed when the state is opened.
 *
 * <p>Thread-safe, except that {@code replaceAll} must not overlap other writes.
 */
public final class DatastoreState implements State {
  private static final byte[] GENERATION_KEY = {'g'};
  private static final byte PIN_PREFIX = 'p';
  private static final int IMPORT_BATCH = 10_000;

  private final Datastore store;
  private volatile long generation;

  /** Opens the pinset kept in {@code store} (usually a namespace of the peer's datastore). */
  public DatastoreState(Datastore store) {
    this.store = store;
    byte[] g = store.get(GENERATION_KEY);
    this.generation = g == null ? 0 : ByteBuffer.wrap(g).getLong();
    // Leftovers of an interrupted replaceAll: its staging generation, or the generation it left.
    store.deletePrefix(prefix(generation + 1));
    if (generation > 0) {
      store.deletePrefix(prefix(generation - 1));
    }
  }

  private static byte[] prefix(long gen) {
    return ByteBuffer.allocate(9).put(PIN_PREFIX).putLong(gen).array();
  }

  private static byte[] key(long gen, Cid cid) {
    byte[] key = Arrays.copyOf(prefix(gen), 9 + cid.length());
    cid.writeTo(key, 9);
    return key;
  }

  @Override
  public Optional<Pin> get(Cid cid) {
    byte[] value = store.get(key(generation, cid));
    return value == null ? Optional.empty() : Optional.of(PinCodec.decode(cid, value));
  }

  @Override
  public boolean has(Cid cid) {
    return store.has(key(generation, cid));
  }

  @Override
  public void add(Pin pin) {
    store.put(key(generation, pin.cid()), PinCodec.encode(pin));
  }

  @Override
  public void remove(Cid cid) {
    store.delete(key(generation, cid));
  }

  @Override
  public StateBatch newBatch() {
    return new DatastoreBatch(store.newBatch(), generation);
  }

  @Override
  public Stream<Pin> list(int typeMask) {
    return list(typeMask, null);
  }

  @Override
  public Stream<Pin> list(int typeMask, Cid after) {
    Cursor cursor =
        store.iterate(prefix(generation), after == null ? null : key(generation, after));
    Iterator<Pin> pins =
        new Iterator<>() {
          private Pin next;

          @Override
          public boolean hasNext() {
            while (next == null && cursor.next()) {
              byte[] key = cursor.key();
              Cid cid = Cid.fromBytes(Arrays.copyOfRange(key, 9, key.length));
              Pin pin = PinCodec.decode(cid, cursor.value());
              if (pin.type().matches(typeMask)) {
                next = pin;
              }
            }
            return next != null;
          }

          @Override
          public Pin next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Pin p = next;
            next = null;
            return p;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                pins, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
            false)
        .onClose(cursor::close);
  }

  @Override
  public long size() {
    return store.count(prefix(generation));
  }

  @Override
  public long replaceAll(Iterator<Pin> pins) {
    long old = generation;
    long next = old + 1;
    store.deletePrefix(prefix(next));
    long written = 0;
    try {
      while (pins.hasNext()) {
        try (Batch batch = store.newBatch()) {
          while (batch.size() < IMPORT_BATCH && pins.hasNext()) {
            Pin pin = pins.next();
            batch.put(key(next, pin.cid()), PinCodec.encode(pin));
            written++;
          }
          batch.commit(false);
        }
      }
    } catch (RuntimeException e) {
      store.deletePrefix(prefix(next));
      throw e;
    }
    // One synced write makes the staged batches durable (they precede it in the log) and
    // switches readers to them.
    store.put(GENERATION_KEY, ByteBuffer.allocate(8).putLong(next).array());
    generation = next;
    store.deletePrefix(prefix(old));
    return written;
  }

  private static final class DatastoreBatch implements StateBatch {
    private final Batch batch;
    private final long generation;

    DatastoreBatch(Batch batch, long generation) {
      this.batch = batch;
      this.generation = generation;
    }

    @Override
    public StateBatch add(Pin pin) {
      batch.put(key(generation, pin.cid()), PinCodec.encode(pin));
      return this;
    }

    @Override
    public StateBatch remove(Cid cid) {
      batch.delete(key(generation, cid));
      return this;
    }

    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public void commit(boolean sync) {
      batch.commit(sync);
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
