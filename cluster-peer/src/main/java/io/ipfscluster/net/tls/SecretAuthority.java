package io.ipfscluster.net.tls;

import io.ipfscluster.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Who vouches for a peer's certificate: the cluster CA derived from the secret, or (with no secret)
 * the peer itself. Immutable and thread-safe.
 */
final class SecretAuthority {
  static final byte[] HKDF_SALT = "ipfs-cluster-jvm peer network".getBytes(StandardCharsets.UTF_8);
  static final byte[] HKDF_INFO = "cluster CA Ed25519 seed v1".getBytes(StandardCharsets.UTF_8);

  private final Identity ca;

  private SecretAuthority(Identity ca) {
    this.ca = ca;
  }

  /**
   * The authority of {@code secret}: 32 bytes give the cluster CA, no bytes an open network.
   *
   * @throws IllegalArgumentException for any other length
   */
  static SecretAuthority of(byte[] secret) {
    if (secret.length == 0) {
      return new SecretAuthority(null);
    }
    if (secret.length != 32) {
      throw new IllegalArgumentException("the cluster secret is 32 bytes, got " + secret.length);
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(secret, HKDF_SALT, HKDF_INFO));
    byte[] seed = new byte[32];
    hkdf.generateBytes(seed, 0, seed.length);
    return new SecretAuthority(Identity.fromSeed(seed));
  }

  /** The CA's key pair, or empty on an open network (certificates are then self-signed). */
  Optional<Identity> ca() {
    return Optional.ofNullable(ca);
  }

  /** The key that must have signed {@code subjectKey}'s certificate. */
  PublicKey issuerKeyFor(PublicKey subjectKey) {
    return ca == null ? subjectKey : ca.publicKey();
  }

  boolean open() {
    return ca == null;
  }
}
