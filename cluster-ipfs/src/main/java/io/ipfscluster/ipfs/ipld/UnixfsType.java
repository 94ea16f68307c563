package io.ipfscluster.ipfs.ipld;

/**
 * The {@code Type} of a UnixFS {@code Data} message, with its protobuf enum number.
 *
 * <p>Thread-safe: an enum.
 */
public enum UnixfsType {
  RAW(0),
  DIRECTORY(1),
  FILE(2),
  METADATA(3),
  SYMLINK(4),
  HAMT_SHARD(5);

  private final int code;

  UnixfsType(int code) {
    this.code = code;
  }

  /** The number in the UnixFS protobuf enum. */
  public int code() {
    return code;
  }

  /** The type numbered {@code code}; throws {@link IllegalArgumentException} for others. */
  public static UnixfsType ofCode(long code) {
    for (UnixfsType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown UnixFS type " + code);
  }
}
