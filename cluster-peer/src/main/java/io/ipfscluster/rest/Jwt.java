package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JSON Web Tokens of {@code POST /token}, as the original issues and checks them with
 * golang-jwt v4: HS256 over {@code {"iss": user}} with the user's password as the HMAC key, no
 * expiry. A token is valid when it is three base64url (unpadded) parts, its {@code alg} is HS256,
 * HS384 or HS512, its issuer is a configured user whose password verifies the signature, and its
 * {@code exp}, {@code iat} and {@code nbf} claims, when present, hold at {@code now}.
 *
 * <p>Thread-safe: stateless.
 */
final class Jwt {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
  // The header as Go writes the map {"alg": "HS256", "typ": "JWT"}: keys sorted.
  private static final String HS256_HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

  private Jwt() {}

  /** A token for {@code issuer} signed with {@code password}, byte for byte as the original's. */
  static String issue(String issuer, String password) {
    String claims = new String(GoJson.encode(Map.of("iss", issuer)), StandardCharsets.UTF_8);
    String signed = HS256_HEADER + "." + encode(claims.substring(0, claims.length() - 1));
    return signed + "." + B64.encodeToString(hmac("HmacSHA256", password, signed));
  }

  /**
   * The issuer of {@code token} if it is valid at {@code now} for {@code credentials} (user →
   * password).
   */
  static Optional<String> verify(String token, Map<String, String> credentials, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      String algorithm =
          switch (stringField(decode(parts[0]), "alg")) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            case null, default -> null;
          };
      Claims claims = Claims.read(decode(parts[1]));
      String password = credentials.get(claims.issuer);
      if (algorithm == null || password == null || !claims.holdAt(now)) {
        return Optional.empty();
      }
      byte[] expected = hmac(algorithm, password, parts[0] + "." + parts[1]);
      return MessageDigest.isEqual(expected, decode(parts[2]))
          ? Optional.of(claims.issuer)
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The registered claims that golang-jwt checks; times in seconds, truncated as it does. */
  private record Claims(String issuer, Double expiresAt, Double issuedAt, Double notBefore) {

    static Claims read(byte[] json) throws IOException {
      String issuer = "";
      Double exp = null;
      Double iat = null;
      Double nbf = null;
      try (JsonParser p = JSON.createParser(json)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("claims are not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          switch (name) {
            case "iss" -> issuer = t == JsonToken.VALUE_NULL ? issuer : text(p, t);
            case "exp" -> exp = number(p, t);
            case "iat" -> iat = number(p, t);
            case "nbf" -> nbf = number(p, t);
            default -> p.skipChildren();
          }
        }
      }
      return new Claims(issuer, exp, iat, nbf);
    }

    boolean holdAt(Instant now) {
      return (expiresAt == null || now.isBefore(seconds(expiresAt)))
          && (issuedAt == null || !now.isBefore(seconds(issuedAt)))
          && (notBefore == null || !now.isBefore(seconds(notBefore)));
    }

    private static Instant seconds(double s) {
      return Instant.ofEpochSecond((long) Math.floor(s));
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw new IOException("expected a string, got " + t);
      }
      return p.getText();
    }

    private static Double number(JsonParser p, JsonToken t) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (!t.isNumeric()) {
        throw new IOException("expected a number, got " + t);
      }
      return p.getDoubleValue();
    }
  }

  private static String stringField(byte[] json, String field) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("header is not a JSON object");
      }
      String value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals(field) && t == JsonToken.VALUE_STRING) {
          value = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return value;
    }
  }

  private static byte[] hmac(String algorithm, String password, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      byte[] key = password.getBytes(StandardCharsets.UTF_8);
      // HMAC pads keys with zeros, so an empty key (which the JDK refuses) equals one zero byte.
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available in this JDK", e);
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes unpadded base64url, as golang-jwt v4 does by default. */
  private static byte[] decode(String part) {
    if (part.indexOf('=') >= 0) {
      throw new IllegalArgumentException("padded base64url");
    }
    return B64_DECODER.decode(part);
  }
}
