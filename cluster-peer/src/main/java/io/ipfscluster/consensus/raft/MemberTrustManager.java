package io.ipfscluster.consensus.raft;

import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the certificate of a Raft connection: first the peer network's rules ({@link
 * PeerTls#trustManager()}: issued with the cluster secret, Ed25519 identity key), then the Raft
 * group. An incoming connection must come from a member of the group (or, while this peer knows no
 * member, from any peer of the cluster); an outgoing one must reach the member that the
 * configuration places at the dialled address. Thread-safe.
 *
 * <p>It remembers why and when the last dial of each address failed, so that a failed commit or
 * configuration change can say that TLS refused the other side meanwhile.
 */
final class MemberTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(MemberTrustManager.class);

  private final String logId;
  private final X509ExtendedTrustManager cluster;
  private final RaftMembers members;
  private final Map<String, Refusal> refusedDials = new ConcurrentHashMap<>();

  private record Refusal(String why, long atNanos) {}

  MemberTrustManager(String logId, X509ExtendedTrustManager cluster, RaftMembers members) {
    this.logId = logId;
    this.cluster = cluster;
    this.members = members;
  }

  /**
   * Why TLS refused the dials that failed at or after {@code sinceNanos} ({@link System#nanoTime}),
   * the last one per address, if any did.
   */
  Optional<String> refusalsSince(long sinceNanos) {
    StringBuilder out = new StringBuilder();
    refusedDials.forEach(
        (address, r) -> {
          if (r.atNanos() - sinceNanos >= 0) {
            out.append(out.isEmpty() ? "TLS refused " : ", ")
                .append(address)
                .append(" (")
                .append(r.why())
                .append(')');
          }
        });
    return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
  }

  private void checkIncoming(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    cluster.checkClientTrusted(chain, authType, engine);
    PeerId remote = PeerTls.peerIdOf(chain[0]);
    if (!members.admits(remote)) {
      log.info("{} refused a Raft connection from {}: not a member of the group", logId, remote);
      throw new CertificateException(remote + " is not a member of the Raft group");
    }
  }

  private void checkOutgoing(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = engine == null ? null : engine.getPeerHost();
    int port = engine == null ? -1 : engine.getPeerPort();
    String address = host == null ? "unknown address" : host + ":" + port;
    try {
      cluster.checkServerTrusted(chain, authType, engine);
      PeerId remote = PeerTls.peerIdOf(chain[0]);
      // An address that no member has is a peer being added: the leader dials it before the new
      // configuration names it, and the secret check above is all there is to check.
      Optional<PeerId> expected = members.at(host, port);
      if (expected.isPresent() && !expected.get().equals(remote)) {
        log.info(
            "{} refused a Raft connection to {}: it is {}, not {}",
            logId,
            address,
            remote,
            expected.get());
        throw new CertificateException(
            "dialled Raft member " + expected.get() + " at " + address + " but reached " + remote);
      }
      refusedDials.remove(address);
    } catch (CertificateException e) {
      refusedDials.put(address, new Refusal(e.getMessage(), System.nanoTime()));
      throw e;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkIncoming(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkOutgoing(chain, authType, engine);
  }

  // Ratis runs on Netty, which passes the SSLEngine; the socket forms exist for completeness.

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkIncoming(chain, authType, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkOutgoing(chain, authType, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkIncoming(chain, authType, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkOutgoing(chain, authType, null);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
