package io.ipfscluster.net.tls;

import io.ipfscluster.multiformats.PeerId;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a remote peer's certificate when the {@link SecretAuthority} signed it, its peer is not
 * refused (blocked by the peer network), and, on the dialling side, when its key is the one of the
 * peer dialled. No host name is checked: peers are named by their keys, not by DNS. Immutable and
 * thread-safe.
 *
 * <p>It extends {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain {@code
 * X509TrustManager} in one that adds host name checks.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTrustManager.class);

  private final String logId;
  private final SecretAuthority authority;
  private final PeerId expected;
  private final InstantSource clock;
  private final Predicate<PeerId> refused;

  /**
   * @param expected the peer dialled, or null on the accepting side (any admitted peer)
   */
  PeerTrustManager(String logId, SecretAuthority authority, PeerId expected, InstantSource clock) {
    this(logId, authority, expected, clock, peer -> false);
  }

  /**
   * @param expected the peer dialled, or null on the accepting side (any admitted peer)
   * @param refused the peers whose connections fail even with a valid certificate
   */
  PeerTrustManager(
      String logId,
      SecretAuthority authority,
      PeerId expected,
      InstantSource clock,
      Predicate<PeerId> refused) {
    this.logId = logId;
    this.authority = authority;
    this.expected = expected;
    this.clock = clock;
    this.refused = refused;
  }

  private void check(X509Certificate[] chain, boolean outgoing) throws CertificateException {
    try {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the remote peer sent no certificate");
      }
      PeerId remote = PeerCertificates.verify(chain[0], authority, clock.instant());
      if (expected != null && !expected.equals(remote)) {
        throw new CertificateException("dialled " + expected + " but the remote peer is " + remote);
      }
      if (refused.test(remote)) {
        throw new CertificateException("peer " + remote + " is blocked");
      }
    } catch (CertificateException e) {
      LOG.info(
          "{} refused a peer connection ({}): {}",
          logId,
          expected != null ? "to " + expected : outgoing ? "outgoing" : "incoming",
          e.getMessage());
      throw e;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, false);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, false);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, false);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, true);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
