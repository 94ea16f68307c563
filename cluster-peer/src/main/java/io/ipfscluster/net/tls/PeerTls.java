package io.ipfscluster.net.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS material of one peer: its certificate, and the contexts that accept and dial other peers
 * of the same cluster. Build one at start-up with {@link #create}. Immutable and thread-safe.
 *
 * <p>Every connection is TLS 1.3 with mutual authentication. A connection completes only when both
 * certificates were issued with this cluster's secret and hold Ed25519 keys; the dialler also
 * checks that the remote key is the one of the peer it dialled.
 */
public final class PeerTls {
  /*
   * The construction (docs/peer-network.md tells it for operators).
   *
   * Identity binding. A peer's certificate carries its Ed25519 identity key itself as the subject
   * public key, so the peer ID is a function of the certificate: PeerId = identity-multihash of
   * the libp2p protobuf of that key. TLS 1.3's CertificateVerify then proves that the other side
   * holds the private key, so a peer ID is authenticated by the handshake and cannot be claimed
   * by anyone who lacks its key (a copied certificate is useless without it).
   *
   * Admission by the secret. The 32-byte cluster secret seeds, through HKDF-SHA256 with a fixed
   * salt and info string, an Ed25519 key pair: the cluster CA. Every peer derives the same CA, and
   * at start-up signs its own certificate with it. Each side accepts only a certificate whose
   * signature verifies under the CA's public key. A peer without the secret (or with another one)
   * cannot produce such a certificate, so its handshake fails with a certificate alert before any
   * application byte flows; no CA certificate ever travels or is stored. Compared with the
   * original's libp2p private network (a pre-shared key for an XSalsa20 stream layer under the
   * secure channel), the secret here gates the authentication itself rather than adding a cipher
   * layer, so TLS 1.3's own AEAD and forward secrecy protect the traffic. As there, anyone who
   * holds the secret is admitted to the network; what a peer may then call is the RPC access
   * policy's business (closed / trusted / open on the authenticated peer ID).
   *
   * Open network. With an empty secret there is no CA; certificates are self-signed by the
   * identity key. Anyone can connect, but both peer IDs are still authenticated.
   *
   * HKDF rather than using the secret as a seed directly keeps the CA key separate from any
   * other use of the secret, and the versioned info string lets a later construction coexist.
   */

  private final Identity identity;
  private final SecretAuthority authority;
  private final X509Certificate certificate;
  private final KeyManagerFactory keys;
  private final InstantSource clock;

  private PeerTls(Identity identity, SecretAuthority authority, InstantSource clock) {
    this.identity = identity;
    this.authority = authority;
    this.clock = clock;
    this.certificate = PeerCertificates.issue(identity, authority, clock.instant());
    this.keys = keyManagers(identity, certificate);
  }

  /**
   * The TLS material of {@code identity} in the cluster of {@code secret} (32 bytes; empty for an
   * open network).
   *
   * @throws IllegalArgumentException when the secret is neither 32 bytes nor empty
   */
  public static PeerTls create(Identity identity, byte[] secret) {
    return create(identity, secret, InstantSource.system());
  }

  /** As {@link #create(Identity, byte[])}, with the clock that dates and checks certificates. */
  public static PeerTls create(Identity identity, byte[] secret, InstantSource clock) {
    Objects.requireNonNull(identity, "identity");
    return new PeerTls(identity, SecretAuthority.of(secret), clock);
  }

  public PeerId peerId() {
    return identity.peerId();
  }

  /** Whether this peer runs without a cluster secret. */
  public boolean openNetwork() {
    return authority.open();
  }

  /** This peer's certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The context of the accepting side: any peer admitted by the secret may connect. */
  public SslContext serverContext() {
    return serverContext(peer -> false);
  }

  /**
   * The context of the accepting side: any peer admitted by the secret may connect, unless {@code
   * refused} (asked at each handshake) says otherwise.
   */
  public SslContext serverContext(Predicate<PeerId> refused) {
    Objects.requireNonNull(refused, "refused");
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
          .protocols("TLSv1.3")
          .clientAuth(ClientAuth.REQUIRE)
          .trustManager(new PeerTrustManager(logId(), authority, null, clock, refused))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the peer network's server TLS context", e);
    }
  }

  /** The context of a connection to {@code remote}: it fails unless the other side is that peer. */
  public SslContext clientContext(PeerId remote) {
    Objects.requireNonNull(remote, "remote");
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
          .protocols("TLSv1.3")
          .keyManager(keys)
          .trustManager(new PeerTrustManager(logId(), authority, remote, clock))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the TLS context to dial " + remote, e);
    }
  }

  /**
   * This peer's key manager (its identity key and certificate), for a transport that builds its own
   * TLS context from JDK managers (Raft: Ratis shades its own Netty).
   */
  public KeyManager keyManager() {
    return keys.getKeyManagers()[0];
  }

  /**
   * A trust manager that accepts any peer admitted by this cluster's secret, on either side of a
   * connection, with no host name check; the companion of {@link #keyManager()}. A transport that
   * needs more (Raft: group membership) checks the {@linkplain #peerIdOf peer ID} after it.
   */
  public X509ExtendedTrustManager trustManager() {
    return new PeerTrustManager(logId(), authority, null, clock);
  }

  /**
   * The peer ID that {@code certificate}'s key names; it does not check who issued it.
   *
   * @throws CertificateException when the key is not Ed25519
   */
  public static PeerId peerIdOf(X509Certificate certificate) throws CertificateException {
    return PeerCertificates.peerIdOf(certificate);
  }

  /**
   * The authenticated peer at the other end of {@code session}: the peer ID of its certificate's
   * key. The trust manager has already checked the certificate during the handshake.
   */
  public static Optional<PeerId> remotePeer(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return Optional.of(PeerCertificates.peerIdOf(leaf));
    } catch (SSLPeerUnverifiedException | CertificateException e) {
      return Optional.empty();
    }
  }

  /** The short peer ID that starts this peer's log lines. */
  public String logId() {
    String id = identity.peerId().toString();
    return id.substring(Math.max(0, id.length() - 6));
  }

  private static KeyManagerFactory keyManagers(Identity identity, X509Certificate cert) {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("peer", identity.privateKey(), password, new Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the peer key for TLS", e);
    }
  }

  @Override
  public String toString() {
    return "PeerTls[" + identity.peerId() + (authority.open() ? ", open network]" : "]");
  }
}
