package io.ipfscluster.multiformats;

/**
 * Thrown when a CID, multihash, multibase string, multiaddr, peer ID or varint is malformed. The
 * message names the offending input and what is wrong with it.
 */
public final class MultiformatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MultiformatException(String message) {
    super(message);
  }

  public MultiformatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Shortens long inputs so that messages stay readable. */
  static String quote(String input) {
    String s = input.length() > 120 ? input.substring(0, 117) + "..." : input;
    return '"' + s + '"';
  }
}
