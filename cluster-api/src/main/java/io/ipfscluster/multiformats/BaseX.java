package io.ipfscluster.multiformats;

import java.nio.charset.StandardCharsets;
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
  /*
   * The number is held in 32-bit limbs and converted a word of several digits at a time: a word
   * is radix^k, the largest power below 2^31 (58^5, 36^5), so a limb times a word fits in a long.
   * Encoding divides the limbs by the word (one long division per limb and word of output);
   * decoding multiplies them by it. Byte-at-a-time schoolbook conversion did about k*4 times as
   * many steps, each with a division: 2 us for a CIDv0, 4 us for a peer ID on our 2-core box.
   */
  static final BaseX BASE58_BTC =
      new BaseX("base58btc", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false);
  static final BaseX BASE36_LOWER =
      new BaseX("base36", "0123456789abcdefghijklmnopqrstuvwxyz", true);
  static final BaseX BASE36_UPPER =
      new BaseX("base36upper", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true);

  private final String name;
  private final byte[] alphabet;
  private final int[] digitOf = new int[128];
  private final int radix;
  private final int wordDigits; // k
  private final long word; // radix^k < 2^31
  private final int minBitsPerDigit; // floor(log2(radix)), bounds the digits of n bytes
  private final int maxBitsPerDigit; // ceil(log2(radix)), bounds the bytes of n digits

  private BaseX(String name, String alphabet, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.getBytes(StandardCharsets.US_ASCII);
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
    int k = 1;
    long w = radix;
    while (w * radix < 1L << 31) {
      w *= radix;
      k++;
    }
    this.wordDigits = k;
    this.word = w;
    this.minBitsPerDigit = 31 - Integer.numberOfLeadingZeros(radix);
    this.maxBitsPerDigit = 32 - Integer.numberOfLeadingZeros(radix - 1);
  }

  String encode(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // The number as big-endian 32-bit limbs; the first limb takes the 1-4 leftover bytes.
    int byteCount = data.length - zeros;
    int limbCount = (byteCount + 3) / 4;
    int[] limbs = new int[limbCount];
    int pos = zeros;
    for (int j = 0; j < limbCount; j++) {
      int take = j == 0 ? byteCount - 4 * (limbCount - 1) : 4;
      int limb = 0;
      for (int b = 0; b < take; b++) {
        limb = (limb << 8) | (data[pos++] & 0xFF);
      }
      limbs[j] = limb;
    }
    // Digits are produced least significant first, so the output fills from its end.
    byte[] out = new byte[zeros + byteCount * 8 / minBitsPerDigit + 1];
    int start = out.length;
    int top = 0; // the first non-zero limb
    while (top < limbCount) {
      long rem = 0;
      for (int j = top; j < limbCount; j++) {
        long cur = (rem << 32) | (limbs[j] & 0xFFFFFFFFL);
        long q = cur / word;
        limbs[j] = (int) q;
        rem = cur - q * word;
      }
      while (top < limbCount && limbs[top] == 0) {
        top++;
      }
      boolean last = top == limbCount;
      // A full word of digits, except the most significant one, which has no leading zeros.
      int digits = (int) rem;
      for (int d = 0; d < wordDigits && !(last && digits == 0 && d > 0); d++) {
        out[--start] = alphabet[digits % radix];
        digits /= radix;
      }
    }
    Arrays.fill(out, start - zeros, start, alphabet[0]);
    start -= zeros;
    return new String(out, start, out.length - start, StandardCharsets.ISO_8859_1);
  }

  byte[] decode(CharSequence text) {
    int length = text.length();
    int zeros = 0;
    while (zeros < length && text.charAt(zeros) == alphabet[0]) {
      zeros++;
    }
    // The number as little-endian 32-bit limbs: for each word of digits, limbs = limbs * radix^g
    // + value of the g digits.
    int[] limbs = new int[((length - zeros) * maxBitsPerDigit + 31) / 32 + 1];
    int used = 0;
    int i = zeros;
    while (i < length) {
      int end = Math.min(length, i + wordDigits);
      long value = 0;
      long scale = 1;
      for (; i < end; i++) {
        char c = text.charAt(i);
        int digit = c < 128 ? digitOf[c] : -1;
        if (digit < 0) {
          throw new MultiformatException(
              "invalid " + name + " character '" + c + "' at position " + i);
        }
        value = value * radix + digit;
        scale *= radix;
      }
      long carry = value;
      for (int j = 0; j < used; j++) {
        long cur = (limbs[j] & 0xFFFFFFFFL) * scale + carry;
        limbs[j] = (int) cur;
        carry = cur >>> 32;
      }
      if (carry != 0) {
        limbs[used++] = (int) carry;
      }
    }
    int topBytes = used == 0 ? 0 : 4 - Integer.numberOfLeadingZeros(limbs[used - 1]) / 8;
    byte[] out = new byte[zeros + (used == 0 ? 0 : 4 * (used - 1) + topBytes)];
    int pos = out.length;
    for (int j = 0; j < used; j++) {
      int limb = limbs[j];
      int bytes = j == used - 1 ? topBytes : 4;
      for (int b = 0; b < bytes; b++) {
        out[--pos] = (byte) limb;
        limb >>>= 8;
      }
    }
    return out;
  }
}
