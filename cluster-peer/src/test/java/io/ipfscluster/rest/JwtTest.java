package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JwtTest {
  static final Map<String, String> USERS = Map.of("alice", "secret", "nopass", "");
  static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  static String sign(String header, String claims, String algorithm, String key) throws Exception {
    String signed =
        B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance(algorithm);
    mac.init(
        new SecretKeySpec(
            key.isEmpty() ? new byte[1] : key.getBytes(StandardCharsets.UTF_8), algorithm));
    return signed + "." + B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void issue_writesGolangJwtsHeaderAndClaims() {
    String token = Jwt.issue("alice", "secret");

    assertThat(token).startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhbGljZSJ9.");
    assertThat(Jwt.verify(token, USERS, NOW)).hasValue("alice");
  }

  @Test
  void issue_escapesTheIssuerAsGoDoes() {
    String claims = Jwt.issue("a<b", "x").split("\\.")[1];

    assertThat(new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8))
        .isEqualTo("{\"iss\":\"a\\u003cb\"}");
  }

  @Test
  void verify_acceptsEveryHmacAlgorithm_andAnEmptyPassword() throws Exception {
    assertThat(
            Jwt.verify(
                sign("{\"alg\":\"HS384\"}", "{\"iss\":\"alice\"}", "HmacSHA384", "secret"),
                USERS,
                NOW))
        .hasValue("alice");
    assertThat(
            Jwt.verify(
                sign("{\"alg\":\"HS512\"}", "{\"iss\":\"alice\"}", "HmacSHA512", "secret"),
                USERS,
                NOW))
        .hasValue("alice");
    assertThat(Jwt.verify(Jwt.issue("nopass", ""), USERS, NOW)).hasValue("nopass");
  }

  @Test
  void verify_refusesOtherAlgorithmsAndMalformedTokens() throws Exception {
    String none =
        B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString("{\"iss\":\"alice\"}".getBytes(StandardCharsets.UTF_8))
            + ".";
    String good = Jwt.issue("alice", "secret");

    assertThat(Jwt.verify(none, USERS, NOW)).isEmpty();
    assertThat(Jwt.verify(good + "=", USERS, NOW)).isEmpty();
    assertThat(Jwt.verify(good + ".x", USERS, NOW)).isEmpty();
    assertThat(Jwt.verify("e30.e30.e30", USERS, NOW)).isEmpty();
    assertThat(
            Jwt.verify(
                sign("{\"alg\":\"HS256\"}", "{\"iss\":5}", "HmacSHA256", "secret"), USERS, NOW))
        .isEmpty();
  }

  @Test
  void verify_checksExpiryNotBeforeAndIssuedAt_toTheSecond() throws Exception {
    long now = NOW.getEpochSecond();
    String h = "{\"alg\":\"HS256\"}";
    assertThat(
            Jwt.verify(
                sign(h, "{\"iss\":\"alice\",\"exp\":" + now + "}", "HmacSHA256", "secret"),
                USERS,
                NOW))
        .isEmpty();
    assertThat(
            Jwt.verify(
                sign(h, "{\"iss\":\"alice\",\"exp\":" + (now + 1) + ".5}", "HmacSHA256", "secret"),
                USERS,
                NOW))
        .hasValue("alice");
    assertThat(
            Jwt.verify(
                sign(h, "{\"iss\":\"alice\",\"nbf\":" + (now + 1) + "}", "HmacSHA256", "secret"),
                USERS,
                NOW))
        .isEmpty();
    assertThat(
            Jwt.verify(
                sign(h, "{\"iss\":\"alice\",\"nbf\":" + now + "}", "HmacSHA256", "secret"),
                USERS,
                NOW))
        .hasValue("alice");
    assertThat(
            Jwt.verify(
                sign(h, "{\"iss\":\"alice\",\"iat\":" + (now + 1) + "}", "HmacSHA256", "secret"),
                USERS,
                NOW))
        .isEmpty();
  }
}
