package io.ipfscluster.net.tls;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues and reads peer certificates: X.509 v3 whose public key is the peer's Ed25519 identity key,
 * signed by the {@link SecretAuthority}. Thread-safe: stateless.
 */
final class PeerCertificates {
  /** How long a certificate is valid; peers issue a new one at every start. */
  static final Duration VALIDITY = Duration.ofDays(365);

  /** Tolerated clock difference between peers. */
  static final Duration CLOCK_SKEW = Duration.ofHours(1);

  private static final X500Name CA_NAME = new X500Name("CN=ipfs-cluster secret CA");
  private static final byte[] X509_ED25519_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private PeerCertificates() {}

  /** A certificate for {@code peer}'s identity key, valid from {@code now} minus the skew. */
  static X509Certificate issue(Identity peer, SecretAuthority authority, Instant now) {
    X500Name subject = new X500Name("CN=" + peer.peerId());
    Identity signer = authority.ca().orElse(peer);
    X500Name issuer = authority.open() ? subject : CA_NAME;
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    try {
      var holder =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  new BigInteger(1, serial),
                  Date.from(now.minus(CLOCK_SKEW)),
                  Date.from(now.plus(VALIDITY)),
                  subject,
                  peer.publicKey())
              .build(new JcaContentSignerBuilder("Ed25519").build(signer.privateKey()));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot issue the peer certificate of " + peer.peerId(), e);
    }
  }

  /**
   * Checks that {@code cert} is valid at {@code now}, was signed by the authority and holds an
   * Ed25519 key; returns the peer ID of that key.
   *
   * @throws CertificateException saying which check failed
   */
  static PeerId verify(X509Certificate cert, SecretAuthority authority, Instant now)
      throws CertificateException {
    PeerId peer = peerIdOf(cert);
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateException e) {
      throw new CertificateException("certificate of " + peer + " is not valid now", e);
    }
    try {
      cert.verify(authority.issuerKeyFor(cert.getPublicKey()));
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          authority.open()
              ? "certificate of " + peer + " is not self-signed by its key"
              : "certificate of " + peer + " was not issued with this cluster's secret",
          e);
    }
    return peer;
  }

  /**
   * The peer ID of the certificate's public key.
   *
   * @throws CertificateException when the key is not Ed25519
   */
  static PeerId peerIdOf(X509Certificate cert) throws CertificateException {
    return peerIdOf(cert.getPublicKey());
  }

  static PeerId peerIdOf(PublicKey key) throws CertificateException {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || encoded.length != X509_ED25519_PREFIX.length + 32
        || !Arrays.equals(encoded, 0, X509_ED25519_PREFIX.length, X509_ED25519_PREFIX, 0, 12)) {
      throw new CertificateException(
          "peer certificate key is not Ed25519 (" + key.getAlgorithm() + ")");
    }
    return PeerId.fromEd25519PublicKey(
        Arrays.copyOfRange(encoded, X509_ED25519_PREFIX.length, encoded.length));
  }
}
