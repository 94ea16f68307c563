package io.ipfscluster.components;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read access to the cluster's pinset (the original's read-only State). Listings stream from the
 * store; close them. Implementations are thread-safe.
 */
public interface PinsetView {

  /** The pin of {@code cid}, if the pinset has one. */
  Optional<Pin> get(Cid cid);

  /** Whether the pinset has a pin for {@code cid}. */
  boolean has(Cid cid);

  /**
   * Streams the pins whose type is in {@code typeMask} (bits of {@link PinType}), in CID byte order
   * ({@link Cid#compareTo}).
   */
  Stream<Pin> list(int typeMask);

  /**
   * Streams the pins of {@link #list(int)} whose CID sorts strictly after {@code after} (all of
   * them when null): passing the last CID of one page yields the next, so a long walk need not keep
   * one listing open. This default skips from the start; stores override it with a seek.
   */
  default Stream<Pin> list(int typeMask, Cid after) {
    Stream<Pin> all = list(typeMask);
    return after == null ? all : all.dropWhile(p -> p.cid().compareTo(after) <= 0);
  }

  /** Streams every pin. */
  default Stream<Pin> list() {
    return list(PinType.ALL);
  }
}
