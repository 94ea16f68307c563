package io.ipfscluster.multiformats;

import java.util.Arrays;

/**
 * Big-number radix encodings with an alphabet (base58btc, base36): leading zero bytes become
 * leading zero digits, the rest is the big-endian number in the given radix. Base36 decodes in
 * either letter case, as the multibase spec's case-insensitivity vectors require; base58 cannot.
 *
 * <p>Encoding and decoding are quadratic in the input length, which is fine for the keys, hashes
 * and CIDs written in these bases (a 64-byte input takes a few thousand steps).
 *
 * <p>Thread-safe: immutable.
 */
final class BaseX {
  static final BaseX BASE58_BTC =
      new BaseX("base58btc", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false);
  static final BaseX BASE36_LOWER =
      new BaseX("base36", "0123456789abcdefghijklmnopqrstuvwxyz", true);
  static final BaseX BASE36_UPPER =
      new BaseX("base36upper", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true);

  private final String name;
  private final char[] alphabet;
  private final int[] digitOf = new int[128];
  private final int radix;

  private BaseX(String name, String alphabet, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.toCharArray();
    this.radix = alphabet.length();
    Arrays.fill(digitOf, -1);
    for (int i = 0; i < radix; i++) {
      char c = alphabet.charAt(i);
      digitOf[c] = i;
      if (caseInsensitive) {
        digitOf[Character.toLowerCase(c)] = i;
        digitOf[Character.toUpperCase(c)] = i;
      }
    }
  }

  String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // Digits in the target radix, little-endian; at most log(256)/log(radix) < 2 per byte.
    int[] digits = new int[(data.length - zeros) * 2 + 1];
    int length = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xFF;
      for (int j = 0; j < length; j++) {
        carry += digits[j] << 8;
        digits[j] = carry % radix;
        carry /= radix;
      }
      while (carry > 0) {
        digits[length++] = carry % radix;
        carry /= radix;
      }
    }
    StringBuilder sb = new StringBuilder(zeros + length);
    for (int i = 0; i < zeros; i++) {
      sb.append(alphabet[0]);
    }
    for (int i = length - 1; i >= 0; i--) {
      sb.append(alphabet[digits[i]]);
    }
    return sb.toString();
  }

  byte[] decode(CharSequence text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == alphabet[0]) {
      zeros++;
    }
    byte[] bytes = new byte[text.length()];
    int length = 0;
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? digitOf[c] : -1;
      if (carry < 0) {
        throw new MultiformatException(
            "invalid " + name + " character '" + c + "' at position " + i);
      }
      for (int j = 0; j < length; j++) {
        carry += (bytes[j] & 0xFF) * radix;
        bytes[j] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[length++] = (byte) carry;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + length];
    for (int i = 0; i < length; i++) {
      out[zeros + i] = bytes[length - 1 - i];
    }
    return out;
  }
}
