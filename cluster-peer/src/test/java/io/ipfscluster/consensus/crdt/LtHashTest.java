package io.ipfscluster.consensus.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LtHashTest {
  private static byte[] element(String s) {
    return LtHash.element("test", s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sumOfASet_doesNotDependOnTheOrderOfUpdates() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      members.add("m" + i);
    }
    LtHash a = new LtHash();
    members.forEach(m -> a.add(element(m)));
    Collections.shuffle(members, new Random(1));
    LtHash b = new LtHash();
    members.forEach(m -> b.add(element(m)));

    assertThat(a).isEqualTo(b);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
  }

  @Test
  void remove_undoesAdd() {
    LtHash h = new LtHash();
    h.add(element("kept"));
    String before = h.fingerprint();

    h.add(element("gone"));
    h.remove(element("gone"));

    assertThat(h.fingerprint()).isEqualTo(before);
    LtHash empty = new LtHash();
    empty.add(element("x"));
    empty.remove(element("x"));
    assertThat(empty.isEmpty()).isTrue();
  }

  @Test
  void elements_dependOnDomainAndOnHowPartsAreSplit() {
    byte[] ab = LtHash.element("d", "ab".getBytes());
    byte[] aThenB = LtHash.element("d", "a".getBytes(), "b".getBytes());
    byte[] otherDomain = LtHash.element("e", "ab".getBytes());

    assertThat(ab).hasSize(LtHash.BYTES).isNotEqualTo(aThenB).isNotEqualTo(otherDomain);
    assertThat(LtHash.element("d", "ab".getBytes())).isEqualTo(ab);
  }

  @Test
  void bytes_roundTrip() {
    LtHash h = new LtHash();
    h.add(element("a"));

    assertThat(LtHash.fromBytes(h.toBytes())).isEqualTo(h);
    assertThat(LtHash.fromBytes(null)).isEqualTo(new LtHash());
  }

  @Test
  void elementFunction_isFixed_becauseDigestsAreComparedAcrossPeers() {
    byte[] e = LtHash.element("ipfs-cluster/crdt/pinset/v1", new byte[] {1, 2}, new byte[] {3});

    assertThat(HexFormat.of().formatHex(e, 0, 16)).isEqualTo(KNOWN_PREFIX);
  }

  @Test
  void fingerprint_ofFixedUpdates_isThatOfTheFirstImplementation() {
    LtHash h = new LtHash();
    for (int i = 0; i < 20; i++) {
      h.add(element("m" + i));
    }
    for (int i = 0; i < 30; i += 3) {
      h.remove(element("m" + i));
    }
    h.remove(element("never added"));
    LtHash other = new LtHash();
    other.add(element("x"));
    h.add(other);

    assertThat(h.fingerprint()).isEqualTo(KNOWN_FINGERPRINT);
  }

  private static final String KNOWN_FINGERPRINT =
      "5744d1bed0b5426b422ab86f34ba75922bfbf7d2003077c5cc2e04afd7fc7b0a";

  /**
   * The first AES block of the keystream, checked with OpenSSL: {@code K=$(sha256 of
   * "ipfs-cluster/crdt/pinset/v1" 00 00000002 0102 00000001 03)}, then {@code openssl enc
   * -aes-256-ecb -K $K -nopad} of 16 zero bytes.
   */
  private static final String KNOWN_PREFIX = "e1c71d3b7849db2ad29a6d51884ae6e2";
}
