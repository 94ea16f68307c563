package io.ipfscluster.rest;

import io.ipfscluster.components.Cluster;
import io.ipfscluster.config.HttpApiConfig;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API v1 of a cluster peer ({@code api.restapi}, spec §3.1–3.2) over a {@link Cluster}:
 * Jetty on virtual threads, listening on every {@code http_listen_multiaddress} (TCP or {@code
 * /unix/}), with TLS when {@code ssl_cert_file} and {@code ssl_key_file} are set.
 *
 * <pre>{@code
 * RestApi api = RestApi.builder(config.restApi(), cluster).configDir(dir).logPrefix(id.shortString()).build();
 * api.start();            // binds; api.listenAddresses() tells where
 * ...
 * api.close();
 * }</pre>
 *
 * <p>Thread-safe; {@link #start()} and {@link #close()} are idempotent, and a closed API does not
 * start again.
 */
public final class RestApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RestApi.class);

  /** Go's HTTP server reads this much more than {@code max_header_bytes} before it answers 431. */
  private static final int GO_HEADER_SLOP = 4096;

  private final HttpApiConfig config;
  private final Cluster cluster;
  private final Path configDir;
  private final String logPrefix;
  private final InstantSource clock;
  private final Endpoint add;

  private Server server;
  private AccessLog accessLog;
  private List<Multiaddr> addresses = List.of();
  private boolean closed;

  private RestApi(Builder b) {
    this.config = b.config;
    this.cluster = b.cluster;
    this.configDir = b.configDir;
    this.logPrefix = b.logPrefix;
    this.clock = b.clock;
    this.add = b.add;
  }

  /** Starts building an API for {@code config} over {@code cluster}. */
  public static Builder builder(HttpApiConfig config, Cluster cluster) {
    return new Builder(config, cluster);
  }

  /** Builds a {@link RestApi}. Not thread-safe. */
  public static final class Builder {
    private final HttpApiConfig config;
    private final Cluster cluster;
    private Path configDir = Path.of("");
    private String logPrefix = "-";
    private InstantSource clock = InstantSource.system();
    private Endpoint add;

    private Builder(HttpApiConfig config, Cluster cluster) {
      this.config = Objects.requireNonNull(config, "config");
      this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** The folder that relative {@code ssl_*_file} and {@code http_log_file} paths start from. */
    public Builder configDir(Path dir) {
      this.configDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The first token of this API's log lines: the peer's short ID. */
    public Builder logPrefix(String prefix) {
      this.logPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The clock of {@code expire-in} and of token expiry checks. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** What answers {@code POST /add}; without one the route does not exist (404). */
    public Builder add(Endpoint endpoint) {
      this.add = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public RestApi build() {
      return new RestApi(this);
    }
  }

  /**
   * Binds every listener and starts serving.
   *
   * @throws IOException when a listener cannot bind or the access log cannot be opened
   * @throws IllegalArgumentException when a listen address is neither TCP nor unix, or the TLS
   *     files cannot be read ({@code error loading TLS certificate/key: …})
   * @throws IllegalStateException when the API was closed
   */
  public synchronized void start() throws IOException {
    if (closed) {
      throw new IllegalStateException("the REST API was closed; build a new one");
    }
    if (server != null) {
      return;
    }
    List<ConnectionFactory> factories = new ArrayList<>();
    if (!config.sslCertFile().isEmpty()) {
      factories.add(
          new SslConnectionFactory(
              PemTls.server(
                  configDir.resolve(config.sslCertFile()), configDir.resolve(config.sslKeyFile())),
              "http/1.1"));
    }
    HttpConfiguration http = httpConfiguration();
    if (!factories.isEmpty()) {
      // Jetty would otherwise add one that refuses a Host the certificate does not name (400
      // "Invalid SNI"); Go checks nothing of the kind.
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
    }
    factories.add(new HttpConnectionFactory(http));

    // Platform threads only accept and select (two per listener); requests run on virtual threads.
    QueuedThreadPool threads =
        new QueuedThreadPool(4 + 2 * config.httpListenMultiaddress().size(), 1);
    threads.setName("restapi");
    threads.setReservedThreads(0);
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server s = new Server(threads);
    Duration headerTimeout =
        config.readHeaderTimeout().isZero() ? config.readTimeout() : config.readHeaderTimeout();
    List<Multiaddr> configured =
        config.httpListenMultiaddress().stream().map(Multiaddr::parse).toList();
    List<AbstractConnector> connectors = new ArrayList<>();
    for (Multiaddr address : configured) {
      AbstractConnector c =
          Listeners.connector(
              s,
              address,
              headerTimeout,
              config.idleTimeout(),
              factories.toArray(ConnectionFactory[]::new));
      s.addConnector(c);
      connectors.add(c);
    }
    Authenticator auth = new Authenticator(config.basicAuthCredentials(), clock);
    s.setHandler(
        new ApiHandler(
            logPrefix,
            new ClusterRoutes(cluster, auth, clock).router(add),
            auth,
            new Cors(config),
            config.headers(),
            config.idleTimeout()));
    s.setErrorHandler(new PlainErrors());
    AccessLog requests =
        AccessLog.open(
            config.httpLogFile().isEmpty() ? null : configDir.resolve(config.httpLogFile()));
    s.setRequestLog(requests);
    try {
      s.start();
    } catch (Exception e) {
      stopQuietly(s);
      requests.close();
      throw new IOException(
          "cannot start the REST API on " + config.httpListenMultiaddress() + ": " + e.getMessage(),
          e);
    }
    server = s;
    accessLog = requests;
    List<Multiaddr> bound = new ArrayList<>();
    for (int i = 0; i < connectors.size(); i++) {
      bound.add(Listeners.address(connectors.get(i), configured.get(i)));
    }
    addresses = List.copyOf(bound);
    String how = auth.enabled() ? " - authenticated" : "";
    addresses.forEach(a -> log.info("{} RESTAPI (HTTP{}): {}", logPrefix, how, a));
  }

  /** Where the API listens, once started (ports chosen by the system filled in). */
  public synchronized List<Multiaddr> listenAddresses() {
    return addresses;
  }

  /** Stops serving: open requests are aborted, listeners and the access log closed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      log.info("{} stopping the REST API", logPrefix);
      stopQuietly(server);
      try {
        accessLog.close();
      } catch (IOException e) {
        log.warn("{} cannot close the REST API access log: {}", logPrefix, e.toString());
      }
      server = null;
    }
  }

  private HttpConfiguration httpConfiguration() {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(config.maxHeaderBytes() + GO_HEADER_SLOP);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Paths reach the API as sent; it decodes and cleans them as the original does.
    http.setUriCompliance(UriCompliance.UNSAFE);
    return http;
  }

  private void stopQuietly(Server s) {
    try {
      s.stop();
    } catch (Exception e) {
      log.warn("{} REST API did not stop cleanly: {}", logPrefix, e.toString());
    }
  }
}
