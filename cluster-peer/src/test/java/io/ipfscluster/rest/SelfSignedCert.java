package io.ipfscluster.rest;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, written as PEM the ways users have them,
 * and a JDK HTTP client that trusts it. Public for the end-to-end tests of cluster-cli.
 */
public final class SelfSignedCert {
  /** How the private key is written. */
  public enum KeyForm {
    /** {@code RSA PRIVATE KEY}. */
    PKCS1_RSA,
    /** {@code EC PRIVATE KEY}. */
    SEC1_EC,
    /** {@code PRIVATE KEY} holding an RSA key. */
    PKCS8_RSA
  }

  final X509Certificate certificate;
  private final KeyPair keys;
  private final KeyForm form;

  public SelfSignedCert(KeyForm form) throws Exception {
    this.form = form;
    KeyPairGenerator gen;
    String signature;
    if (form == KeyForm.SEC1_EC) {
      gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      signature = "SHA256withECDSA";
    } else {
      gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      signature = "SHA256withRSA";
    }
    keys = gen.generateKeyPair();
    X500Name name = new X500Name("CN=ipfs-cluster test");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            keys.getPublic());
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
  }

  /** Writes {@code cert.pem} and {@code key.pem} into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve("cert.pem"), pem(certificate));
    Object key =
        switch (form) {
          case PKCS8_RSA -> new JcaPKCS8Generator(keys.getPrivate(), null);
          case PKCS1_RSA -> keys.getPrivate();
          case SEC1_EC -> sec1();
        };
    Files.writeString(dir.resolve("key.pem"), pem(key));
  }

  /** The EC key as OpenSSL writes it: SEC1 with the curve in its parameters. */
  private PemObject sec1() throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    ECPrivateKey full =
        new ECPrivateKey(
            256,
            inner.getKey(),
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
            info.getPrivateKeyAlgorithm().getParameters());
    return new PemObject("EC PRIVATE KEY", full.getEncoded());
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  /** A TLS context that trusts this certificate. */
  SSLContext trustingContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("api", certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  /** A client that trusts this certificate and speaks only {@code protocols}. */
  HttpClient trustingClient(String... protocols) throws Exception {
    SSLContext ssl = trustingContext();
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(ssl)
        .sslParameters(new SSLParameters(null, protocols))
        .build();
  }
}
