package io.ipfscluster.ipfs.ipld;

/**
 * A UnixFS modification time ({@code IPFSTimestamp}): seconds since the Unix epoch and optional
 * nanoseconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seconds seconds since 1970-01-01T00:00:00Z, may be negative
 * @param nanos 0 to 999,999,999, or null when the field is absent
 */
public record UnixfsTime(long seconds, Integer nanos) {
  public UnixfsTime {
    if (nanos != null && (nanos < 0 || nanos > 999_999_999)) {
      throw new IllegalArgumentException("nanos must be within 0..999999999, got " + nanos);
    }
  }
}
