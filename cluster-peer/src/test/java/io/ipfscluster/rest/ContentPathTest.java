package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentPathTest {
  static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";

  @Test
  void parse_cleansThePath_keepingATrailingSlashBeyondTheFirst() {
    assertThat(ContentPath.parse("ipfs", CID + "/a//b/./c")).isEqualTo("/ipfs/" + CID + "/a/b/c");
    assertThat(ContentPath.parse("ipfs", CID + "/dir//")).isEqualTo("/ipfs/" + CID + "/dir/");
    assertThat(ContentPath.parse("ipns", "example.com/x")).isEqualTo("/ipns/example.com/x");
    assertThat(ContentPath.parse("ipld", CID)).isEqualTo("/ipld/" + CID);
  }

  @Test
  void parse_refusesImmutablePathsWithoutACidRoot_andShortPaths() {
    assertThatThrownBy(() -> ContentPath.parse("ipfs", "nope/x"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("error parsing path: invalid path \"/ipfs/nope/x\": ");
    assertThatThrownBy(() -> ContentPath.parse("ipns", ""))
        .hasMessage(
            "error parsing path: invalid path \"/ipns/\": path does not have enough components");
    assertThatThrownBy(() -> ContentPath.parse("ipfs", ".."))
        .hasMessage(
            "error parsing path: invalid path \"/ipfs/..\": path does not have enough components");
  }
}
