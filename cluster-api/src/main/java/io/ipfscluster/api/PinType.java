package io.ipfscluster.api;

import java.util.Locale;

/**
 * What a pin in the pinset stands for. The values are bit flags, so a set of types (a filter) is
 * their OR; {@link #ALL} is every type but {@link #BAD}.
 *
 * <p>Thread-safe: an enum.
 */
public enum PinType {
  /** Not a valid type: decoding an unknown name gives this. */
  BAD(1, "bad-type"),
  /** A normal pin of a DAG, tracked by the allocated peers. */
  DATA(2, "pin"),
  /** The root of a sharded DAG: never pinned in IPFS, it points to its cluster DAG. */
  META(4, "meta-pin"),
  /** The cluster DAG of a sharded DAG: indexes its shards. */
  CLUSTER_DAG(8, "clusterdag-pin"),
  /** One shard of a sharded DAG. */
  SHARD(16, "shard-pin");

  /** The OR of every valid type, written {@code "all"}. */
  public static final int ALL = 2 | 4 | 8 | 16;

  private final int bit;
  private final String jsonName;

  PinType(int bit, String jsonName) {
    this.bit = bit;
    this.jsonName = jsonName;
  }

  /** The bit flag: 1, 2, 4, 8 or 16. */
  public int bit() {
    return bit;
  }

  /** The name in JSON and in filters, for example {@code meta-pin}. */
  public String jsonName() {
    return jsonName;
  }

  /** The value in the state's protobuf encoding (log2 of the bit, less one: BAD is 0). */
  public int protoValue() {
    return Integer.numberOfTrailingZeros(bit);
  }

  /** The type with the given protobuf value, or {@link #BAD}. */
  public static PinType ofProtoValue(int value) {
    for (PinType t : values()) {
      if (t.protoValue() == value) {
        return t;
      }
    }
    return BAD;
  }

  /** The type named {@code name}; any other name is {@link #BAD}, as in the original. */
  public static PinType ofName(String name) {
    for (PinType t : values()) {
      if (t.jsonName.equals(name)) {
        return t;
      }
    }
    return BAD;
  }

  /**
   * Parses a filter: a comma-separated list of type names or {@code all} (also the empty string),
   * into a bit mask.
   *
   * @throws IllegalArgumentException when no part names a valid type ({@code invalid filter value})
   */
  public static int parseFilter(String filter) {
    if (filter == null || filter.isBlank()) {
      return ALL;
    }
    int mask = 0;
    for (String part : filter.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        mask |= ALL;
      } else {
        PinType t = ofName(name);
        if (t != BAD) {
          mask |= t.bit;
        }
      }
    }
    if (mask == 0) {
      throw new IllegalArgumentException("invalid filter value");
    }
    return mask;
  }

  /** Whether this type is in the filter {@code mask}. */
  public boolean matches(int mask) {
    return (mask & bit) != 0;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
