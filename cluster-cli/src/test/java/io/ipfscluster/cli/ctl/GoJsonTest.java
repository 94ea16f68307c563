package io.ipfscluster.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's {@code json.MarshalIndent(v, "", " ")}. */
class GoJsonTest {
  @Test
  void nested_emptyContainers_andSeparators() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of("x", List.of()));
    m.put("c", Map.of());
    m.put("d", Map.of("e", true));

    assertThat(GoJson.indent(m))
        .isEqualTo(
            "{\n    \"a\": 1,\n    \"b\": [\n        \"x\",\n        []\n    ],\n    \"c\": {},\n"
                + "    \"d\": {\n        \"e\": true\n    }\n}");
  }

  @Test
  void strings_escapeHtmlAndControls_asGo() {
    assertThat(GoJson.indent("<a&b>\u2028\u001b\t\"\\é"))
        .isEqualTo("\"\\u003ca\\u0026b\\u003e\\u2028\\u001b\\t\\\"\\\\é\"");
  }

  @Test
  void apiError_hasCodeThenMessage() {
    assertThat(GoJson.indent(new ApiError(404, "not found")))
        .isEqualTo("{\n    \"code\": 404,\n    \"message\": \"not found\"\n}");
  }
}
