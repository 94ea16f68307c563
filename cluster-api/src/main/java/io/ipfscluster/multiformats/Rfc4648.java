package io.ipfscluster.multiformats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bit-packing encodings of RFC 4648 (base16, base32 and base64 here), with or without padding.
 *
 * <p>Decoding is strict where the multibase spec lets it be: unused trailing bits must be zero,
 * padded bases need exactly the right padding and unpadded ones none, so a byte string has one
 * encoding per base. The exception is letter case: the spec's case-insensitivity vectors require
 * base16 and base32 to decode in either case.
 *
 * <p>Thread-safe: immutable.
 */
final class Rfc4648 {
  private static final String LOWER32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final String BASE64_STD =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final String BASE64_URL_SAFE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  static final Rfc4648 BASE16_LOWER = new Rfc4648("base16", "0123456789abcdef", false, true);
  static final Rfc4648 BASE16_UPPER = new Rfc4648("base16upper", "0123456789ABCDEF", false, true);
  static final Rfc4648 BASE32_LOWER = new Rfc4648("base32", LOWER32, false, true);
  static final Rfc4648 BASE32_UPPER =
      new Rfc4648("base32upper", LOWER32.toUpperCase(), false, true);
  static final Rfc4648 BASE32_PAD_LOWER = new Rfc4648("base32pad", LOWER32, true, true);
  static final Rfc4648 BASE32_PAD_UPPER =
      new Rfc4648("base32padupper", LOWER32.toUpperCase(), true, true);
  static final Rfc4648 BASE64 = new Rfc4648("base64", BASE64_STD, false, false);
  static final Rfc4648 BASE64_PAD = new Rfc4648("base64pad", BASE64_STD, true, false);
  static final Rfc4648 BASE64_URL = new Rfc4648("base64url", BASE64_URL_SAFE, false, false);
  static final Rfc4648 BASE64_URL_PAD = new Rfc4648("base64urlpad", BASE64_URL_SAFE, true, false);

  private final String name;
  private final byte[] alphabet;
  private final int[] valueOf = new int[128];
  private final int bitsPerChar;
  private final boolean pad;

  /** Characters per padded group: 2 for base16, 8 for base32, 4 for base64. */
  private final int block;

  private Rfc4648(String name, String alphabet, boolean pad, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.getBytes(StandardCharsets.US_ASCII);
    this.bitsPerChar = Integer.numberOfTrailingZeros(alphabet.length());
    this.pad = pad;
    this.block = 8 / gcd(8, bitsPerChar);
    Arrays.fill(valueOf, -1);
    for (int i = 0; i < alphabet.length(); i++) {
      char c = alphabet.charAt(i);
      valueOf[c] = i;
      if (caseInsensitive) {
        valueOf[Character.toLowerCase(c)] = i;
        valueOf[Character.toUpperCase(c)] = i;
      }
    }
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  String encode(byte[] data) {
    int mask = (1 << bitsPerChar) - 1;
    int chars = (data.length * 8 + bitsPerChar - 1) / bitsPerChar;
    byte[] out = new byte[pad ? (chars + block - 1) / block * block : chars];
    int written = 0;
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= bitsPerChar) {
        bits -= bitsPerChar;
        out[written++] = alphabet[(buffer >>> bits) & mask];
      }
    }
    if (bits > 0) {
      out[written++] = alphabet[(buffer << (bitsPerChar - bits)) & mask];
    }
    Arrays.fill(out, written, out.length, (byte) '=');
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  byte[] decode(CharSequence text) {
    int end = text.length();
    if (pad) {
      while (end > 0 && text.charAt(end - 1) == '=') {
        end--;
      }
      int padding = text.length() - end;
      if (text.length() % block != 0 || padding >= block) {
        throw new MultiformatException(
            "invalid " + name + " data: its padding is wrong for its length " + text.length());
      }
    }
    byte[] out = new byte[end * bitsPerChar / 8];
    int buffer = 0;
    int bits = 0;
    int written = 0;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? valueOf[c] : -1;
      if (v < 0) {
        throw new MultiformatException(
            "invalid " + name + " character '" + c + "' at position " + i);
      }
      buffer = (buffer << bitsPerChar) | v;
      bits += bitsPerChar;
      if (bits >= 8) {
        bits -= 8;
        out[written++] = (byte) (buffer >>> bits);
      }
    }
    if (bits >= bitsPerChar) {
      throw new MultiformatException(
          "invalid " + name + " data: " + end + " characters cannot encode whole bytes");
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new MultiformatException(
          "invalid " + name + " data: it ends with unused non-zero bits");
    }
    return out;
  }
}
