package io.ipfscluster.consensus.crdt;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A version vector: for each writer, the sequence number up to which every one of its blocks has
 * been merged. With no merged dots above it, it names the merged set of blocks exactly, so two
 * replicas with equal vectors hold equal states (and equal digests).
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries writer to sequence number, sorted by writer; writers with nothing merged are
 *     absent
 */
public record VersionVector(SortedMap<WriterId, Long> entries) {
  /** The vector of an empty replica. */
  public static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

  public VersionVector {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    for (Map.Entry<WriterId, Long> e : entries.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException(
            "version vector entry of " + e.getKey() + " must be at least 1, got " + e.getValue());
      }
    }
  }

  /** The entry of {@code writer}, or 0. */
  public long get(WriterId writer) {
    return entries.getOrDefault(writer, 0L);
  }

  /** Whether the vector covers {@code dot}. */
  public boolean covers(Dot dot) {
    return dot.seq() <= get(dot.writer());
  }

  /** The canonical encoding: per writer in order, its 16 bytes and the sequence number. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(entries.size() * Dot.BYTES);
    for (Map.Entry<WriterId, Long> e : entries.entrySet()) {
      out.put(e.getKey().toBytes()).putLong(e.getValue());
    }
    return out.array();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
