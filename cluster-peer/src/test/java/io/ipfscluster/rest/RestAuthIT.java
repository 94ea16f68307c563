package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic auth, JWT tokens and CORS, through real HTTP against an API with credentials. */
class RestAuthIT {
  static final String REALM = "realm=\"Restricted IPFS Cluster API\"";
  static final FakeCluster cluster = new FakeCluster();
  static RestApi secured;
  static RestApi open;
  static Http http;
  static Http openHttp;

  @BeforeAll
  static void start() throws Exception {
    ApiConfigs c = new ApiConfigs();
    c.credentials = Optional.of(Map.of("alice", "secret", "bob", "hunter2"));
    c.methods = List.of("GET", "POST");
    c.maxAge = Duration.ofMinutes(1);
    c.headers = Map.of("X-Cluster-Test", List.of("yes"));
    secured = RestApi.builder(c.build(), cluster).clock(() -> FakeCluster.NOW).build();
    secured.start();
    http = new Http(secured);
    ApiConfigs o = new ApiConfigs();
    o.origins = List.of("https://*.example.com", "http://Local.Test");
    o.allowCredentials = false;
    open = RestApi.builder(o.build(), cluster).build();
    open.start();
    openHttp = new Http(open);
  }

  @AfterAll
  static void stop() {
    secured.close();
    open.close();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** An HS256 token computed here, independently of the code under test. */
  static String token(String claimsJson, String key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertRefused(HttpResponse<String> r, String message, String... challenges) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"code\":401,\"message\":\"" + message + "\"}\n");
    assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(challenges);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("X-Cluster-Test")).hasValue("yes");
  }

  @Test
  void noCredentials_is401_withBothChallenges() throws Exception {
    assertRefused(
        http.get("/id"), "unauthorized: no auth provided", "Bearer " + REALM, "Basic " + REALM);
    // Auth comes before the trailing-slash redirect.
    assertThat(http.get("/id/").statusCode()).isEqualTo(401);
  }

  @Test
  void wrongUserOrPassword_is401AccessDenied() throws Exception {
    for (String header :
        List.of(basic("mallory", "secret"), basic("alice", "wrong"), basic("alice", ""))) {
      assertRefused(
          http.get("/id", "Authorization", header),
          "unauthorized: access denied",
          "Basic " + REALM);
    }
  }

  @Test
  void goodBasic_passes() throws Exception {
    assertThat(http.get("/version", "Authorization", basic("alice", "secret")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void token_isTheOriginalsHs256Token_andPassesAsBearerInAnyCase() throws Exception {
    HttpResponse<String> r = http.post("/token", "Authorization", basic("alice", "secret"));

    String expected = token("{\"iss\":\"alice\"}", "secret");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"token\":\"" + expected + "\"}\n");
    assertThat(http.get("/version", "Authorization", "Bearer " + expected).statusCode())
        .isEqualTo(200);
    assertThat(http.get("/version", "Authorization", "bEARER " + expected).statusCode())
        .isEqualTo(200);
    // A token gets a new token for its issuer.
    HttpResponse<String> again = http.post("/token", "Authorization", "Bearer " + expected);
    assertThat(again.body()).isEqualTo(r.body());
  }

  @Test
  void badTokens_are401InvalidToken() throws Exception {
    String good = token("{\"iss\":\"alice\"}", "secret");
    String expiry = "\"exp\":" + (FakeCluster.NOW.getEpochSecond() - 1);
    String notYet = "\"nbf\":" + (FakeCluster.NOW.getEpochSecond() + 10);
    for (String t :
        List.of(
            good.substring(0, good.length() - 2) + "AA",
            token("{\"iss\":\"alice\"}", "hunter2"),
            token("{\"iss\":\"carol\"}", "secret"),
            token("{\"iss\":\"alice\"," + expiry + "}", "secret"),
            token("{\"iss\":\"alice\"," + notYet + "}", "secret"),
            "not.a.token",
            "a.b")) {
      assertRefused(
          http.get("/id", "Authorization", "Bearer " + t),
          "unauthorized: invalid token",
          "Bearer " + REALM + ", error=\"invalid_token\"");
    }
    String valid =
        token(
            "{\"iss\":\"bob\",\"exp\":" + (FakeCluster.NOW.getEpochSecond() + 60) + "}", "hunter2");
    assertThat(http.get("/id", "Authorization", "Bearer " + valid).statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndOptions_needNoCredentials() throws Exception {
    assertThat(http.get("/health").statusCode()).isEqualTo(204);
    assertThat(http.send("OPTIONS", "/id").statusCode()).isEqualTo(405);
  }

  @Test
  void token_withoutConfiguredCredentials_is401Unauthorized() throws Exception {
    HttpResponse<String> r = openHttp.post("/token", "Authorization", basic("alice", "secret"));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"code\":401,\"message\":\"unauthorized\"}\n");
    assertThat(r.headers().allValues("WWW-Authenticate")).isEmpty();
  }

  @Test
  void preflight_allowed_is204WithTheCorsHeaders_withoutCredentials() throws Exception {
    HttpResponse<String> r =
        http.send(
            "OPTIONS",
            "/pins/x",
            "Origin",
            "https://app.example.org",
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().map())
        .containsEntry("access-control-allow-origin", List.of("*"))
        .containsEntry("access-control-allow-methods", List.of("POST"))
        .containsEntry("access-control-allow-headers", List.of("content-type"))
        .containsEntry("access-control-allow-credentials", List.of("true"))
        .containsEntry("access-control-max-age", List.of("60"))
        .containsEntry(
            "vary",
            List.of("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"))
        .doesNotContainKeys("content-type", "x-cluster-test");
  }

  @Test
  void preflight_disallowed_is204WithVaryOnly() throws Exception {
    HttpResponse<String> method =
        http.send(
            "OPTIONS",
            "/pins/x",
            "Origin",
            "https://a.example.com",
            "Access-Control-Request-Method",
            "DELETE");
    HttpResponse<String> header =
        http.send(
            "OPTIONS",
            "/pins/x",
            "Origin",
            "https://a.example.com",
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "x-custom");

    for (HttpResponse<String> r : List.of(method, header)) {
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().map())
          .containsKey("vary")
          .doesNotContainKeys("access-control-allow-origin", "access-control-allow-methods");
    }
  }

  @Test
  void actualRequest_fromAllowedOrigin_getsTheExposedHeaders() throws Exception {
    HttpResponse<String> r =
        http.get("/version", "Authorization", basic("alice", "secret"), "Origin", "https://x.org");

    assertThat(r.headers().map())
        .containsEntry("access-control-allow-origin", List.of("*"))
        .containsEntry(
            "access-control-expose-headers",
            List.of("Content-Type, X-Stream-Output, X-Chunked-Output, X-Content-Length"))
        .containsEntry("access-control-allow-credentials", List.of("true"))
        .containsEntry("vary", List.of("Origin"));
  }

  @Test
  void origins_matchWildcardsAndIgnoreCase_andEchoTheOrigin() throws Exception {
    HttpResponse<String> wildcard = openHttp.get("/version", "Origin", "https://a.b.example.com");
    HttpResponse<String> exact = openHttp.get("/version", "Origin", "http://local.test");
    HttpResponse<String> other = openHttp.get("/version", "Origin", "https://evil.com");
    HttpResponse<String> preflight =
        openHttp.send(
            "OPTIONS",
            "/version",
            "Origin",
            "http://LOCAL.test",
            "Access-Control-Request-Method",
            "GET");

    assertThat(wildcard.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://a.b.example.com");
    assertThat(exact.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://local.test");
    assertThat(exact.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://LOCAL.test");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isEmpty();
  }
}
