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

  @Test
  void addAndRemove_onRandomVectors_matchALaneByLaneReference() {
    Random random = new Random(6);
    int wrapped = 0;
    for (int round = 0; round < 200; round++) {
      byte[] start = vector(random, round);
      byte[] element = vector(random, round + 1);
      boolean add = random.nextBoolean();
      LtHash h = LtHash.fromBytes(start);

      if (add) {
        h.add(element);
      } else {
        h.remove(element);
      }

      byte[] expected = referenceCombine(start, element, add ? 1 : -1);
      assertThat(h.toBytes()).as("round %d, %s", round, add ? "add" : "remove").isEqualTo(expected);
      for (int lane = 0; lane < LtHash.BYTES / 2; lane++) {
        int a = lane(start, lane);
        int b = lane(element, lane);
        wrapped += (add ? a + b > 0xFFFF : a < b) ? 1 : 0;
      }
    }
    assertThat(wrapped).as("lanes that wrapped around").isGreaterThan(1000);
  }

  @Test
  void addOfAHash_matchesALaneByLaneReference() {
    Random random = new Random(7);
    byte[] start = vector(random, 0);
    byte[] other = vector(random, 3);
    LtHash h = LtHash.fromBytes(start);

    h.add(LtHash.fromBytes(other));

    assertThat(h.toBytes()).isEqualTo(referenceCombine(start, other, 1));
  }

  @Test
  void hasher_reusedAcrossElements_givesWhatElementGives() {
    LtHash.Hasher hasher = new LtHash.Hasher();
    byte[] domain = LtHash.Hasher.domain("d");

    byte[] first = hasher.element(domain, "ab".getBytes()).clone();
    byte[] second = hasher.element(domain, "a".getBytes(), "b".getBytes()).clone();

    assertThat(first).isEqualTo(LtHash.element("d", "ab".getBytes()));
    assertThat(second).isEqualTo(LtHash.element("d", "a".getBytes(), "b".getBytes()));
  }

  /** Random lanes, every fourth vector made of extreme lanes (0, 1, 0x7FFF, 0x8000, 0xFFFF). */
  private static byte[] vector(Random random, int i) {
    byte[] v = new byte[LtHash.BYTES];
    if (i % 4 != 3) {
      random.nextBytes(v);
      return v;
    }
    int[] extremes = {0, 1, 0x7FFF, 0x8000, 0xFFFF};
    for (int lane = 0; lane < LtHash.BYTES / 2; lane++) {
      int x = extremes[random.nextInt(extremes.length)];
      v[2 * lane] = (byte) x;
      v[2 * lane + 1] = (byte) (x >>> 8);
    }
    return v;
  }

  private static int lane(byte[] v, int lane) {
    return (v[2 * lane] & 0xFF) | (v[2 * lane + 1] & 0xFF) << 8;
  }

  /** The definition: 1024 little-endian 16-bit lanes, added or subtracted modulo 2^16. */
  private static byte[] referenceCombine(byte[] a, byte[] b, int sign) {
    byte[] out = new byte[LtHash.BYTES];
    for (int lane = 0; lane < LtHash.BYTES / 2; lane++) {
      int sum = (lane(a, lane) + sign * lane(b, lane)) & 0xFFFF;
      out[2 * lane] = (byte) sum;
      out[2 * lane + 1] = (byte) (sum >>> 8);
    }
    return out;
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
