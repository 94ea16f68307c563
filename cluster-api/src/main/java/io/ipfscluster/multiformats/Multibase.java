package io.ipfscluster.multiformats;

import java.util.function.Function;

/**
 * The multibase encodings: a one-character prefix naming the base, then the data in that base.
 *
 * <p>Encoding writes the canonical form. Decoding rejects characters outside the alphabet, wrong
 * padding and non-zero unused bits; the base16, base32 and base36 families accept either letter
 * case, as the multibase spec's test vectors require.
 *
 * <p>Thread-safe: an enum of stateless codecs.
 */
public enum Multibase {
  BASE16('f', "base16", Rfc4648.BASE16_LOWER::encode, Rfc4648.BASE16_LOWER::decode),
  BASE16_UPPER('F', "base16upper", Rfc4648.BASE16_UPPER::encode, Rfc4648.BASE16_UPPER::decode),
  BASE32('b', "base32", Rfc4648.BASE32_LOWER::encode, Rfc4648.BASE32_LOWER::decode),
  BASE32_UPPER('B', "base32upper", Rfc4648.BASE32_UPPER::encode, Rfc4648.BASE32_UPPER::decode),
  BASE32_PAD('c', "base32pad", Rfc4648.BASE32_PAD_LOWER::encode, Rfc4648.BASE32_PAD_LOWER::decode),
  BASE32_PAD_UPPER(
      'C', "base32padupper", Rfc4648.BASE32_PAD_UPPER::encode, Rfc4648.BASE32_PAD_UPPER::decode),
  BASE36('k', "base36", BaseX.BASE36_LOWER::encode, BaseX.BASE36_LOWER::decode),
  BASE36_UPPER('K', "base36upper", BaseX.BASE36_UPPER::encode, BaseX.BASE36_UPPER::decode),
  BASE58_BTC('z', "base58btc", BaseX.BASE58_BTC::encode, BaseX.BASE58_BTC::decode),
  BASE64('m', "base64", Rfc4648.BASE64::encode, Rfc4648.BASE64::decode),
  BASE64_PAD('M', "base64pad", Rfc4648.BASE64_PAD::encode, Rfc4648.BASE64_PAD::decode),
  BASE64_URL('u', "base64url", Rfc4648.BASE64_URL::encode, Rfc4648.BASE64_URL::decode),
  BASE64_URL_PAD(
      'U', "base64urlpad", Rfc4648.BASE64_URL_PAD::encode, Rfc4648.BASE64_URL_PAD::decode);

  private final char prefix;
  private final String specName;
  private final Function<byte[], String> encoder;
  private final Function<String, byte[]> decoder;

  Multibase(
      char prefix,
      String specName,
      Function<byte[], String> encoder,
      Function<String, byte[]> decoder) {
    this.prefix = prefix;
    this.specName = specName;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  /** The prefix character, for example {@code 'b'} for base32. */
  public char prefix() {
    return prefix;
  }

  /** The name the multibase table gives this base, for example {@code base58btc}. */
  public String specName() {
    return specName;
  }

  /** Encodes {@code data} with the prefix. */
  public String encode(byte[] data) {
    return prefix + encoder.apply(data);
  }

  /** Encodes {@code data} without the prefix. */
  public String encodeBare(byte[] data) {
    return encoder.apply(data);
  }

  /**
   * Decodes data in this base that has no prefix.
   *
   * @throws MultiformatException if {@code text} is not valid in this base
   */
  public byte[] decodeBare(String text) {
    try {
      return decoder.apply(text);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid "
              + specName
              + " data "
              + MultiformatException.quote(text)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Returns the base whose prefix is {@code c}.
   *
   * @throws MultiformatException if no base supported here has that prefix
   */
  public static Multibase ofPrefix(char c) {
    for (Multibase b : values()) {
      if (b.prefix == c) {
        return b;
      }
    }
    throw new MultiformatException("unknown multibase prefix '" + c + "'");
  }

  /**
   * Returns the base the multibase table calls {@code name}, for example {@code base36}.
   *
   * @throws MultiformatException if no base supported here has that name
   */
  public static Multibase ofName(String name) {
    for (Multibase b : values()) {
      if (b.specName.equals(name)) {
        return b;
      }
    }
    throw new MultiformatException("unknown multibase " + MultiformatException.quote(name));
  }

  /**
   * Returns the base that a multibase string uses.
   *
   * @throws MultiformatException if the string is empty or its prefix is unknown
   */
  public static Multibase of(String text) {
    try {
      return baseOf(text);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multibase string " + MultiformatException.quote(text) + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Decodes a multibase string (prefix, then data).
   *
   * @throws MultiformatException naming the string if it is malformed
   */
  public static byte[] decode(String text) {
    try {
      return decodeUnquoted(text);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multibase string " + MultiformatException.quote(text) + ": " + e.getMessage(),
          e);
    }
  }

  /** Like {@link #decode}, for callers that name the input themselves in their message. */
  static byte[] decodeUnquoted(String text) {
    return baseOf(text).decoder.apply(text.substring(1));
  }

  private static Multibase baseOf(String text) {
    if (text.isEmpty()) {
      throw new MultiformatException("it is empty");
    }
    return ofPrefix(text.charAt(0));
  }
}
