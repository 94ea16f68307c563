package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTextTest {

  /** Vectors of Go's path.Clean tests (src/path/path_test.go). */
  @ParameterizedTest
  @CsvSource({
    "'', .",
    "abc, abc",
    "abc/def, abc/def",
    "a/b/c, a/b/c",
    "., .",
    ".., ..",
    "../.., ../..",
    "../../abc, ../../abc",
    "/abc, /abc",
    "/, /",
    "abc/, abc",
    "/abc/def/, /abc/def",
    "abc//def//ghi, abc/def/ghi",
    "//abc, /abc",
    "///abc, /abc",
    "abc/./def, abc/def",
    "/./abc/def, /abc/def",
    "abc/., abc",
    "abc/def/ghi/../jkl, abc/def/jkl",
    "abc/def/../ghi/../jkl, abc/jkl",
    "abc/def/.., abc",
    "abc/def/../.., .",
    "/abc/def/../.., /",
    "abc/def/../../.., ..",
    "/abc/def/../../.., /",
    "abc/def/../../../ghi/jkl/../../../mno, ../../mno",
    "abc/./../def, def",
    "abc//./../def, def",
    "abc/../../././../def, ../../def",
  })
  void cleanPath_matchesGo(String path, String clean) {
    assertThat(GoText.cleanPath(path)).isEqualTo(clean);
  }

  @Test
  void canonicalHeaderKey_matchesGo() {
    assertThat(GoText.canonicalHeaderKey("content-type")).isEqualTo("Content-Type");
    assertThat(GoText.canonicalHeaderKey("X-STREAM-OUTPUT")).isEqualTo("X-Stream-Output");
    assertThat(GoText.canonicalHeaderKey("x-content-length")).isEqualTo("X-Content-Length");
    assertThat(GoText.canonicalHeaderKey("bad header")).isEqualTo("bad header");
  }

  @Test
  void quote_matchesGoStrconvQuote() {
    assertThat(GoText.quote("/ipfs/x")).isEqualTo("\"/ipfs/x\"");
    assertThat(GoText.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
  }

  @Test
  void escapePath_leavesWhatGoLeaves() {
    assertThat(GoText.escapePath("/pins/a b/é?#")).isEqualTo("/pins/a%20b/%C3%A9%3F%23");
    assertThat(GoText.escapePath("/a-_.~$&+,/:;=@")).isEqualTo("/a-_.~$&+,/:;=@");
  }
}
