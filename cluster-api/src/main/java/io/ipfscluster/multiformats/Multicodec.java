package io.ipfscluster.multiformats;

import java.util.Optional;

/**
 * The content codecs CIDs name here. CIDs with other codec codes parse and round-trip; they just
 * have no name.
 *
 * <p>Thread-safe: an enum.
 */
public enum Multicodec {
  RAW(0x55, "raw"),
  DAG_PB(0x70, "dag-pb"),
  DAG_CBOR(0x71, "dag-cbor"),
  LIBP2P_KEY(0x72, "libp2p-key"),
  GIT_RAW(0x78, "git-raw"),
  DAG_JOSE(0x85, "dag-jose"),
  DAG_JSON(0x0129, "dag-json"),
  JSON(0x0200, "json"),
  CBOR(0x51, "cbor");

  private final int code;
  private final String specName;

  Multicodec(int code, String specName) {
    this.code = code;
    this.specName = specName;
  }

  /** The code in the multicodec table. */
  public int code() {
    return code;
  }

  /** The name in the multicodec table, for example {@code dag-pb}. */
  public String specName() {
    return specName;
  }

  /** Returns the codec with this code, if it is one named here. */
  public static Optional<Multicodec> ofCode(long code) {
    for (Multicodec c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Returns the codec named {@code name}, for example {@code raw}. */
  public static Multicodec ofName(String name) {
    for (Multicodec c : values()) {
      if (c.specName.equals(name)) {
        return c;
      }
    }
    throw new MultiformatException("unknown codec " + MultiformatException.quote(name));
  }
}
