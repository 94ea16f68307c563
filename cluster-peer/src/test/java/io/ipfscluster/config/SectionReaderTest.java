package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectionReaderTest {
  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  private static SectionReader reader(String text, Map<String, String> env) throws Exception {
    return SectionReader.of(json(text), "api.restapi", "CLUSTER_RESTAPI", env);
  }

  @ParameterizedTest
  @CsvSource({
    "http_listen_multiaddress, HTTPLISTENMULTIADDRESS",
    "basic_auth_credentials, BASICAUTHCREDENTIALS",
    "ipfs_request_timeout, IPFSREQUESTTIMEOUT",
    "d_factor, DFACTOR",
    "secret, SECRET",
  })
  void envName_isTheJsonKeyWithoutUnderscoresUpperCased(String key, String name) {
    assertThat(SectionReader.envName(key)).isEqualTo(name);
  }

  @Test
  void child_extendsBothThePathAndTheVariablePrefix() throws Exception {
    SectionReader cluster =
        SectionReader.of(
            json("{}"), "cluster", "CLUSTER", Map.of("CLUSTER_CONNECTIONMANAGER_HIGHWATER", "x"));

    assertThatThrownBy(() -> cluster.child("connection_manager").integer("high_water", 1))
        .hasMessage(
            "CLUSTER_CONNECTIONMANAGER_HIGHWATER (cluster.connection_manager.high_water) is"
                + " invalid: must be an integer (got \"x\")");
  }

  @Test
  void count_zeroKeepsTheDefault_integer_takesZero() throws Exception {
    SectionReader r = reader("{\"a\": 0, \"b\": 0}", Map.of());

    assertThat(r.count("a", 7)).isEqualTo(7);
    assertThat(r.integer("b", 7)).isZero();
    assertThat(r.count("missing", 7)).isEqualTo(7);
  }

  @Test
  void string_emptyKeepsTheDefault_exactString_takesIt() throws Exception {
    SectionReader r = reader("{\"a\": \"\", \"b\": \"\", \"c\": null}", Map.of());

    assertThat(r.string("a", "d")).isEqualTo("d");
    assertThat(r.exactString("b", "d")).isEmpty();
    assertThat(r.string("c", "d")).isEqualTo("d");
  }

  @Test
  void duration_zeroOverridesButEmptyKeepsTheDefault() throws Exception {
    SectionReader r = reader("{\"a\": \"0s\", \"b\": \"\"}", Map.of());

    assertThat(r.duration("a", Duration.ofSeconds(5))).isZero();
    assertThat(r.duration("b", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void env_winsOverTheFile() throws Exception {
    SectionReader r =
        reader(
            "{\"read_timeout\": \"1s\", \"cors_allowed_origins\": [\"a\"]}",
            Map.of(
                "CLUSTER_RESTAPI_READTIMEOUT", "2m",
                "CLUSTER_RESTAPI_CORSALLOWEDORIGINS", "b, c",
                "CLUSTER_RESTAPI_HEADERS", "X-A:1,X-B:http://x"));

    assertThat(r.duration("read_timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.strings("cors_allowed_origins", List.of())).containsExactly("b", "c");
    assertThat(r.listMap("headers", Map.of()))
        .isEqualTo(Map.of("X-A", List.of("1"), "X-B", List.of("http://x")));
  }

  @Test
  void env_badMap_namesTheVariable() throws Exception {
    SectionReader r = reader("{}", Map.of("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", "nocolon"));

    assertThatThrownBy(() -> r.optionalStringMap("basic_auth_credentials", Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "CLUSTER_RESTAPI_BASICAUTHCREDENTIALS (api.restapi.basic_auth_credentials) is invalid:"
                + " must be key:value pairs");
  }

  @ParameterizedTest
  @CsvSource({"1, true", "t, true", "TRUE, true", "True, true", "0, false", "F, false"})
  void env_booleans_parseLikeGo(String text, boolean expected) throws Exception {
    assertThat(reader("{}", Map.of("CLUSTER_RESTAPI_X", text)).bool("x", !expected))
        .isEqualTo(expected);
  }

  @Test
  void wrongJsonType_namesThePathAndTheValue() throws Exception {
    SectionReader r = reader("{\"max_header_bytes\": \"big\"}", Map.of());

    assertThatThrownBy(() -> r.count("max_header_bytes", 4096))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.restapi.max_header_bytes is invalid: must be an integer (got \"big\")");
  }
}
