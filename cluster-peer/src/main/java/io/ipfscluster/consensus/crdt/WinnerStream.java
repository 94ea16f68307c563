package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.PinCodec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams the pins of a replica's winners (W) in CID byte order, decoding one entry at a time;
 * closing the stream closes the datastore cursor. Not thread-safe: one stream, one consumer.
 */
final class WinnerStream implements Iterator<Pin> {
  private final Cursor cursor;
  private final int prefixLength;
  private final int typeMask;
  private Pin next;

  private WinnerStream(Cursor cursor, int prefixLength, int typeMask) {
    this.cursor = cursor;
    this.prefixLength = prefixLength;
    this.typeMask = typeMask;
  }

  /** The winners of {@code winnersPrefix} after the key {@code after} (all when null). */
  static Stream<Pin> open(Datastore store, byte[] winnersPrefix, byte[] after, int typeMask) {
    Cursor cursor = store.iterate(winnersPrefix, after);
    WinnerStream pins = new WinnerStream(cursor, winnersPrefix.length, typeMask);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                pins, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
            false)
        .onClose(cursor::close);
  }

  @Override
  public boolean hasNext() {
    while (next == null && cursor.next()) {
      byte[] key = cursor.key();
      Cid cid = Cid.fromBytes(Arrays.copyOfRange(key, prefixLength, key.length));
      if (RemovalRecord.isRecord(cid)) {
        continue; // not a pin
      }
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
}
