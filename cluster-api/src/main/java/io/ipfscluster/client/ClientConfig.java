package io.ipfscluster.client;

import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a {@link ClusterClient} reaches the API.
 *
 * <p>{@code hosts} are multiaddrs of the API: {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>},
 * optionally ending in {@code /http}, {@code /https} or {@code /tls/http}, or {@code /unix/<socket
 * path>}. Requests go to the first host and fail over to the next ones when a host cannot be
 * reached. A DNS host is tried at each of its addresses (only IPv4 ones for {@code dns4}, IPv6 ones
 * for {@code dns6}). libp2p endpoints ({@code /p2p/…}, {@code /dnsaddr/…}) are not supported: the
 * constructor rejects them, naming the host.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hosts the API endpoints, in failover order; not empty
 * @param https whether TCP hosts speak TLS (hosts ending in {@code /https} always do)
 * @param skipCertificateCheck whether to accept any server certificate (insecure)
 * @param sslContext the TLS trust and keys to use, or null for the JDK's default trust store
 * @param auth how to authenticate
 * @param timeout the longest a request may take, answer and stream included; {@link Duration#ZERO}
 *     for no limit
 * @param connectTimeout the longest a connection attempt to one address may take
 */
public record ClientConfig(
    List<Multiaddr> hosts,
    boolean https,
    boolean skipCertificateCheck,
    SSLContext sslContext,
    ClientAuth auth,
    Duration timeout,
    Duration connectTimeout) {

  /** The API's default address, {@code /ip4/127.0.0.1/tcp/9094}. */
  public static final Multiaddr DEFAULT_HOST = Multiaddr.parse("/ip4/127.0.0.1/tcp/9094");

  /** The connect timeout of {@link #defaults()}: 30 s, as Go's default dialer. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  public ClientConfig {
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("hosts must name at least one API endpoint");
    }
    for (Multiaddr host : hosts) {
      Endpoint.of(host, https); // rejects unsupported hosts, naming them
    }
    auth = Objects.requireNonNullElse(auth, ClientAuth.none());
    timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
    connectTimeout = Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
  }

  /** The default API address over plain HTTP, no authentication, no timeout. */
  public static ClientConfig defaults() {
    return new ClientConfig(
        List.of(DEFAULT_HOST), false, false, null, ClientAuth.none(), Duration.ZERO, null);
  }

  /**
   * Parses a comma-separated list of multiaddrs, as {@code ipfs-cluster-ctl --host} takes it.
   *
   * @throws IllegalArgumentException naming the part that is not a multiaddr
   */
  public static List<Multiaddr> parseHosts(String commaList) {
    List<Multiaddr> out = new ArrayList<>();
    for (String part : commaList.split(",", -1)) {
      try {
        out.add(Multiaddr.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid host multiaddress \"" + part + "\": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * An SSL context trusting exactly the X.509 certificates in a PEM file (for example the API's
   * self-signed certificate or the CA that signed it).
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it holds no certificate
   */
  public static SSLContext trusting(Path pemFile) throws IOException {
    try (InputStream in = Files.newInputStream(pemFile)) {
      var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + pemFile);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        store.setCertificateEntry("trusted-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read certificates from " + pemFile + ": " + e, e);
    }
  }

  public ClientConfig withHosts(List<Multiaddr> newHosts) {
    return new ClientConfig(
        newHosts, https, skipCertificateCheck, sslContext, auth, timeout, connectTimeout);
  }

  public ClientConfig withHttps(boolean on) {
    return new ClientConfig(
        hosts, on, skipCertificateCheck, sslContext, auth, timeout, connectTimeout);
  }

  public ClientConfig withSkipCertificateCheck(boolean skip) {
    return new ClientConfig(hosts, https, skip, sslContext, auth, timeout, connectTimeout);
  }

  public ClientConfig withSslContext(SSLContext context) {
    return new ClientConfig(
        hosts, https, skipCertificateCheck, context, auth, timeout, connectTimeout);
  }

  public ClientConfig withAuth(ClientAuth newAuth) {
    return new ClientConfig(
        hosts, https, skipCertificateCheck, sslContext, newAuth, timeout, connectTimeout);
  }

  public ClientConfig withTimeout(Duration newTimeout) {
    return new ClientConfig(
        hosts, https, skipCertificateCheck, sslContext, auth, newTimeout, connectTimeout);
  }

  public ClientConfig withConnectTimeout(Duration newTimeout) {
    return new ClientConfig(
        hosts, https, skipCertificateCheck, sslContext, auth, timeout, newTimeout);
  }
}
