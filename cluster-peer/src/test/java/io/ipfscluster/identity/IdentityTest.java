package io.ipfscluster.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdentityTest {
  // RFC 8032 §7.1, test 1: secret key and the public key it derives.
  private static final byte[] RFC8032_SECRET =
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] RFC8032_PUBLIC =
      HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

  @Test
  void fromSeed_rfc8032Vector_derivesItsPublicKey() {
    Identity id = Identity.fromSeed(RFC8032_SECRET);

    assertThat(id.rawPublicKey()).isEqualTo(RFC8032_PUBLIC);
    assertThat(id.peerId().toString()).startsWith("12D3KooW");
    assertThat(id.peerId().ed25519PublicKey())
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(RFC8032_PUBLIC));
  }

  @Test
  void sign_rfc8032Vector_givesItsSignatureOfTheEmptyMessage() {
    byte[] expected =
        HexFormat.of()
            .parseHex(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                    + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    assertThat(Identity.fromSeed(RFC8032_SECRET).sign(new byte[0])).isEqualTo(expected);
  }

  @Test
  void sign_randomMessages_matchesTheJdkSignature() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int n : new int[] {0, 1, 63, 64, 1000, 70_000}) {
      Identity id = Identity.generate();
      byte[] message = new byte[n];
      random.nextBytes(message);
      Signature jdk = Signature.getInstance("Ed25519");
      jdk.initSign(id.privateKey());
      jdk.update(message);

      assertThat(id.sign(message)).as("signature of %d bytes", n).isEqualTo(jdk.sign());
    }
  }

  @Test
  void privateKeyProtobuf_roundTrips() {
    Identity id = Identity.generate();
    byte[] proto = id.toPrivateKeyProtobuf();

    assertThat(Arrays.copyOf(proto, 4)).containsExactly(0x08, 0x01, 0x12, 0x40);
    assertThat(Identity.fromPrivateKeyProtobuf(proto).peerId()).isEqualTo(id.peerId());
  }

  @Test
  void verify_signatureOfOtherMessage_isFalse() {
    Identity id = Identity.generate();
    byte[] sig = id.sign("hello".getBytes(StandardCharsets.UTF_8));

    assertThat(Identity.verify(id.peerId(), "hello".getBytes(StandardCharsets.UTF_8), sig))
        .isTrue();
    assertThat(Identity.verify(id.peerId(), "hellO".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    assertThat(
            Identity.verify(
                Identity.generate().peerId(), "hello".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
  }

  @Test
  void verify_agreesWithTheJdk_onValidCorruptedAndMalformedSignatures() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    Identity id = Identity.generate();
    for (int n : new int[] {0, 1, 64, 1000, 70_000}) {
      byte[] message = new byte[n];
      random.nextBytes(message);
      byte[] good = id.sign(message);
      byte[] flipped = good.clone();
      flipped[random.nextInt(good.length)] ^= (byte) (1 << random.nextInt(8));
      byte[] hugeS = good.clone();
      Arrays.fill(hugeS, 32, 64, (byte) 0xff); // S not below the group order
      for (byte[] sig : new byte[][] {good, flipped, hugeS, Arrays.copyOf(good, 63), new byte[0]}) {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(id.publicKey());
        jdk.update(message);
        boolean expected;
        try {
          expected = jdk.verify(sig);
        } catch (java.security.SignatureException e) {
          expected = false;
        }

        assertThat(Identity.verify(id.peerId(), message, sig))
            .as("%d-byte message, %d-byte signature", n, sig.length)
            .isEqualTo(expected);
      }
      assertThat(Identity.verify(id.peerId(), message, good)).isTrue();
    }
  }

  @Test
  void fromPrivateKeyProtobuf_rsaKey_isRejectedNamingTheType() {
    byte[] rsa = {0x08, 0x00, 0x12, 0x02, 0x01, 0x02};

    assertThatThrownBy(() -> Identity.fromPrivateKeyProtobuf(rsa))
        .hasMessageContaining("unsupported private key type RSA");
  }

  @Test
  void fromPrivateKeyProtobuf_publicHalfNotMatchingSeed_isRejected() {
    byte[] proto = Identity.generate().toPrivateKeyProtobuf();
    proto[proto.length - 1] ^= 1;

    assertThatThrownBy(() -> Identity.fromPrivateKeyProtobuf(proto))
        .hasMessageContaining("does not match its seed");
  }
}
