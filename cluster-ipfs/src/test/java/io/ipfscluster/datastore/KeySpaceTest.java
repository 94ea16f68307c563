package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySpaceTest {

  @Test
  void prefixes_anyTwo_neitherStartsWithTheOther() {
    for (KeySpace a : KeySpace.values()) {
      for (KeySpace b : KeySpace.values()) {
        if (a != b) {
          assertThat(a.prefix()).as("%s vs %s", a, b).doesNotStartWith(b.prefix());
        }
      }
    }
  }

  @Test
  void prefixBytes_isUtf8OfPrefixAndACopy() {
    byte[] bytes = KeySpace.STATE.prefixBytes();
    bytes[0] = 'x';

    assertThat(KeySpace.STATE.prefixBytes()).isEqualTo("/s/".getBytes());
  }
}
