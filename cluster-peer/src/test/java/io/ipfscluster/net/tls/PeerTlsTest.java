package io.ipfscluster.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.identity.Identity;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

class PeerTlsTest {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());

  @Test
  void certificate_holdsTheIdentityKey_soItsPeerIdIsThePeers() throws Exception {
    Identity id = Identity.generate();
    PeerTls tls = PeerTls.create(id, SECRET);
    assertThat(PeerCertificates.peerIdOf(tls.certificate())).isEqualTo(id.peerId());
    assertThat(tls.certificate().getPublicKey().getEncoded())
        .isEqualTo(id.publicKey().getEncoded());
  }

  @Test
  void verify_certificateIssuedWithTheSameSecret_givesThePeerId() throws Exception {
    Identity id = Identity.generate();
    PeerTls tls = PeerTls.create(id, SECRET);
    // Another peer derives the same authority from the same secret.
    assertThat(
            PeerCertificates.verify(tls.certificate(), SecretAuthority.of(SECRET), Instant.now()))
        .isEqualTo(id.peerId());
  }

  @Test
  void verify_certificateIssuedWithAnotherSecret_isRejected() {
    PeerTls tls = PeerTls.create(Identity.generate(), SECRET);
    byte[] other = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    assertThatThrownBy(
            () ->
                PeerCertificates.verify(
                    tls.certificate(), SecretAuthority.of(other), Instant.now()))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("was not issued with this cluster's secret");
  }

  @Test
  void verify_selfSignedCertificateInSecretCluster_isRejected() {
    PeerTls open = PeerTls.create(Identity.generate(), new byte[0]);
    assertThat(open.openNetwork()).isTrue();
    assertThatThrownBy(
            () ->
                PeerCertificates.verify(
                    open.certificate(), SecretAuthority.of(SECRET), Instant.now()))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void verify_secretSignedCertificateInOpenNetwork_isRejected() {
    PeerTls tls = PeerTls.create(Identity.generate(), SECRET);
    assertThatThrownBy(
            () ->
                PeerCertificates.verify(
                    tls.certificate(), SecretAuthority.of(new byte[0]), Instant.now()))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not self-signed");
  }

  @Test
  void verify_expiredCertificate_isRejected() {
    PeerTls tls = PeerTls.create(Identity.generate(), SECRET);
    Instant later = Instant.now().plus(PeerCertificates.VALIDITY).plusSeconds(60);
    assertThatThrownBy(
            () -> PeerCertificates.verify(tls.certificate(), SecretAuthority.of(SECRET), later))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("is not valid now");
  }

  @Test
  void trustManager_acceptsAPeerOfTheSameSecret_andRefusesAnother_inBothDirections()
      throws Exception {
    PeerTls self = PeerTls.create(Identity.generate(), SECRET);
    PeerTls member = PeerTls.create(Identity.generate(), SECRET);
    PeerTls outsider =
        PeerTls.create(Identity.generate(), HexFormat.of().parseHex(ClusterConfig.randomSecret()));
    X509Certificate[] good = {member.certificate()};
    X509Certificate[] bad = {outsider.certificate()};

    self.trustManager().checkClientTrusted(good, "UNKNOWN", (SSLEngine) null);
    self.trustManager().checkServerTrusted(good, "UNKNOWN", (SSLEngine) null);
    assertThatThrownBy(
            () -> self.trustManager().checkClientTrusted(bad, "UNKNOWN", (SSLEngine) null))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("was not issued with this cluster's secret");
    assertThatThrownBy(
            () -> self.trustManager().checkServerTrusted(bad, "UNKNOWN", (SSLEngine) null))
        .isInstanceOf(CertificateException.class);
    assertThat(PeerTls.peerIdOf(member.certificate())).isEqualTo(member.peerId());
  }

  @Test
  void keyManager_presentsThePeersCertificate() {
    PeerTls tls = PeerTls.create(Identity.generate(), SECRET);
    X509KeyManager keys = (X509KeyManager) tls.keyManager();
    String alias = keys.chooseServerAlias("EdDSA", null, null);
    assertThat(alias).isNotNull();
    assertThat(keys.getCertificateChain(alias)).containsExactly(tls.certificate());
  }

  @Test
  void authority_sameSecret_derivesTheSameCaKey() {
    assertThat(SecretAuthority.of(SECRET).ca().orElseThrow().peerId())
        .isEqualTo(SecretAuthority.of(SECRET.clone()).ca().orElseThrow().peerId());
  }

  @Test
  void create_secretOfWrongLength_isRejected() {
    assertThatThrownBy(() -> PeerTls.create(Identity.generate(), new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the cluster secret is 32 bytes, got 16");
  }
}
