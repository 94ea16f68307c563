package io.ipfscluster.multiformats;

import java.util.Base64;
import java.util.function.Function;

/**
 * The multibase encodings: a one-character prefix naming the base, then the data in that base.
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
  BASE64('m', "base64", Base64.getEncoder().withoutPadding()::encodeToString, Multibase::b64),
  BASE64_PAD('M', "base64pad", Base64.getEncoder()::encodeToString, Multibase::b64),
  BASE64_URL(
      'u', "base64url", Base64.getUrlEncoder().withoutPadding()::encodeToString, Multibase::b64url),
  BASE64_URL_PAD('U', "base64urlpad", Base64.getUrlEncoder()::encodeToString, Multibase::b64url);

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

  /** Decodes data in this base that has no prefix. */
  public byte[] decodeBare(String text) {
    return decoder.apply(text);
  }

  /** Returns the base whose prefix is {@code c}. */
  public static Multibase ofPrefix(char c) {
    for (Multibase b : values()) {
      if (b.prefix == c) {
        return b;
      }
    }
    throw new MultiformatException("unknown multibase prefix '" + c + "'");
  }

  /** Returns the base the multibase table calls {@code name}, for example {@code base36}. */
  public static Multibase ofName(String name) {
    for (Multibase b : values()) {
      if (b.specName.equals(name)) {
        return b;
      }
    }
    throw new MultiformatException("unknown multibase " + MultiformatException.quote(name));
  }

  /** Returns the base that a multibase string uses. */
  public static Multibase of(String text) {
    if (text.isEmpty()) {
      throw new MultiformatException("empty multibase string");
    }
    return ofPrefix(text.charAt(0));
  }

  /** Decodes a multibase string (prefix, then data). */
  public static byte[] decode(String text) {
    Multibase base = of(text);
    try {
      return base.decoder.apply(text.substring(1));
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multibase string " + MultiformatException.quote(text) + ": " + e.getMessage(),
          e);
    }
  }

  private static byte[] b64(String s) {
    return base64(Base64.getDecoder(), s, "base64");
  }

  private static byte[] b64url(String s) {
    return base64(Base64.getUrlDecoder(), s, "base64url");
  }

  private static byte[] base64(Base64.Decoder decoder, String s, String name) {
    try {
      return decoder.decode(s);
    } catch (IllegalArgumentException e) {
      throw new MultiformatException("invalid " + name + " data: " + e.getMessage(), e);
    }
  }
}
