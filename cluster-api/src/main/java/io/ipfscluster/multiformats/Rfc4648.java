package io.ipfscluster.multiformats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bit-packing encodings of RFC 4648 (base16 and base32 here), with or without padding. Decoding
 * is strict: unused trailing bits must be zero, so every byte string has exactly one encoding.
 *
 * <p>Thread-safe: immutable.
 */
final class Rfc4648 {
  static final Rfc4648 BASE16_LOWER = new Rfc4648("base16", "0123456789abcdef", 4, false);
  static final Rfc4648 BASE16_UPPER = new Rfc4648("base16upper", "0123456789ABCDEF", 4, false);
  static final Rfc4648 BASE32_LOWER =
      new Rfc4648("base32", "abcdefghijklmnopqrstuvwxyz234567", 5, false);
  static final Rfc4648 BASE32_UPPER =
      new Rfc4648("base32upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5, false);
  static final Rfc4648 BASE32_PAD_LOWER =
      new Rfc4648("base32pad", "abcdefghijklmnopqrstuvwxyz234567", 5, true);
  static final Rfc4648 BASE32_PAD_UPPER =
      new Rfc4648("base32padupper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5, true);

  private final String name;
  private final byte[] alphabet;
  private final int[] valueOf = new int[128];
  private final int bitsPerChar;
  private final boolean pad;

  private Rfc4648(String name, String alphabet, int bitsPerChar, boolean pad) {
    this.name = name;
    this.alphabet = alphabet.getBytes(StandardCharsets.US_ASCII);
    this.bitsPerChar = bitsPerChar;
    this.pad = pad;
    Arrays.fill(valueOf, -1);
    for (int i = 0; i < alphabet.length(); i++) {
      valueOf[alphabet.charAt(i)] = i;
    }
  }

  String encode(byte[] data) {
    int mask = (1 << bitsPerChar) - 1;
    int chars = (data.length * 8 + bitsPerChar - 1) / bitsPerChar;
    int block = bitsPerChar == 5 ? 8 : 2;
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
    if (bits >= bitsPerChar || (buffer & ((1 << bits) - 1)) != 0) {
      throw new MultiformatException(
          "invalid " + name + " data: it ends with unused non-zero bits");
    }
    return out;
  }
}
