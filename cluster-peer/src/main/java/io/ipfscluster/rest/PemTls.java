package io.ipfscluster.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The REST API's TLS settings from PEM files, as the original's {@code tls.LoadX509KeyPair} reads
 * them: a certificate chain, and an unencrypted private key in PKCS#1 ({@code RSA PRIVATE KEY}),
 * SEC1 ({@code EC PRIVATE KEY}) or PKCS#8 ({@code PRIVATE KEY}) form. TLS 1.2 and 1.3, the
 * original's curves (P-521, P-384, P-256) and TLS 1.2 cipher suites (ECDHE-RSA and RSA with
 * AES-256); TLS 1.3 suites are always on, as in Go.
 *
 * <p>Thread-safe: stateless.
 */
final class PemTls {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private static final String[] CIPHER_SUITES = {
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
  };
  private static final String[] NAMED_GROUPS = {"secp521r1", "secp384r1", "secp256r1"};

  private PemTls() {}

  /**
   * A server TLS context for the certificate chain in {@code certFile} and the key in {@code
   * keyFile}.
   *
   * @throws IllegalArgumentException {@code error loading TLS certificate/key: …} naming the file
   *     and what is wrong with it
   */
  static SslContextFactory.Server server(Path certFile, Path keyFile) {
    List<? extends Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    char[] password = "restapi".toCharArray();
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("restapi", key, password, chain.toArray(Certificate[]::new));
    } catch (GeneralSecurityException | IOException e) {
      throw error(certFile + " and " + keyFile + " do not make a key pair: " + e.getMessage(), e);
    }
    SslContextFactory.Server tls =
        new SslContextFactory.Server() {
          @Override
          public void customize(SSLEngine engine) {
            super.customize(engine);
            SSLParameters p = engine.getSSLParameters();
            p.setNamedGroups(NAMED_GROUPS);
            engine.setSSLParameters(p);
          }
        };
    tls.setKeyStore(store);
    tls.setKeyStorePassword(new String(password));
    tls.setKeyManagerPassword(new String(password));
    tls.setIncludeProtocols(PROTOCOLS);
    tls.setExcludeCipherSuites(); // Jetty's defaults would drop the original's RSA/SHA-1 suites
    tls.setIncludeCipherSuites(CIPHER_SUITES);
    return tls;
  }

  private static List<? extends Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<? extends Certificate> chain =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (chain.isEmpty()) {
        throw error(file + ": no certificate in the file", null);
      }
      return chain;
    } catch (IOException | GeneralSecurityException e) {
      throw error(file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    try (Reader in = Files.newBufferedReader(file);
        PEMParser pem = new PEMParser(in)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
      throw error(file + ": no unencrypted PKCS#1, SEC1 or PKCS#8 private key in the file", null);
    } catch (IOException e) {
      throw error(file + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException error(String why, Throwable cause) {
    return new IllegalArgumentException("error loading TLS certificate/key: " + why, cause);
  }
}
