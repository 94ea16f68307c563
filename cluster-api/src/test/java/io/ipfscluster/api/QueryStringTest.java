package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QueryStringTest {
  @Test
  void escape_matchesGoQueryEscape() {
    assertThat(QueryString.escape("a-z_A.Z~0 9")).isEqualTo("a-z_A.Z~0+9");
    assertThat(QueryString.escape("/:,+*&=?@$;")).isEqualTo("%2F%3A%2C%2B%2A%26%3D%3F%40%24%3B");
    assertThat(QueryString.escape("é")).isEqualTo("%C3%A9");
  }

  @Test
  void encode_sortsKeysAndKeepsValueOrder() {
    Map<String, List<String>> q = new TreeMap<>();
    q.put("b", List.of("2", "1"));
    q.put("a", List.of(""));

    assertThat(QueryString.encode(q)).isEqualTo("a=&b=2&b=1");
  }

  @Test
  void parse_repeatedKeysAndPlus_likeGo() {
    assertThat(QueryString.parse("a=1&b=x+y&a=%2F&c"))
        .containsExactly(
            Map.entry("a", List.of("1", "/")),
            Map.entry("b", List.of("x y")),
            Map.entry("c", List.of("")));
  }

  @Test
  void parse_malformedPairs_areDropped() {
    assertThat(QueryString.parse("a=%zz&b=1;c=2&&d=%4&e=ok")).containsOnlyKeys("e");
  }
}
