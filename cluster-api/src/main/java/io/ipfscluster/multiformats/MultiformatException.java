package io.ipfscluster.multiformats;

import java.util.HexFormat;

/**
 * Thrown when a CID, multihash, multibase string, multiaddr, peer ID or varint is malformed. The
 * message names the offending input (text in quotes, bytes in hex) and what is wrong with it.
 *
 * <p>It is an {@link IllegalArgumentException}, so callers that validate user input can catch
 * either.
 */
public final class MultiformatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_CHARS = 120;
  private static final int MAX_HEX_BYTES = 64;

  public MultiformatException(String message) {
    super(message);
  }

  public MultiformatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Quotes text input for a message, shortening long inputs so that messages stay readable. */
  static String quote(String input) {
    if (input == null) {
      return "null";
    }
    String s =
        input.length() > MAX_QUOTED_CHARS
            ? input.substring(0, MAX_QUOTED_CHARS - 3) + "..."
            : input;
    return '"' + s + '"';
  }

  /** Writes binary input for a message as {@code 0x…} hex, shortening long inputs. */
  static String hex(byte[] input) {
    return hex(input, 0, input.length);
  }

  /** Writes {@code length} bytes of {@code input} from {@code offset} as {@code 0x…} hex. */
  static String hex(byte[] input, int offset, int length) {
    int start = Math.min(offset, input.length);
    int end = Math.min(input.length, start + length);
    int shownEnd = Math.min(end, start + MAX_HEX_BYTES);
    return "0x" + HexFormat.of().formatHex(input, start, shownEnd) + (shownEnd < end ? "..." : "");
  }
}
