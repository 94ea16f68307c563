package io.ipfscluster.ipfs.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.GoDuration;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code POST /api/v0/<path>} calls to one node over Jetty's HTTP client (TCP or a unix
 * domain socket), applying each call's time limit and the {@link TransportBackoff}.
 *
 * <p>Thread-safe: one instance serves every call of a connector.
 */
final class NodeClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IpfsHttpConnector.class);

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /*
   * Pooled connections are dropped after this long unused. js-ipfs closes idle keep-alive
   * connections after 5 s; reusing one just as the server closes it would fail a POST, which is
   * never retried. Reconnecting on loopback costs far less than such a failure.
   */
  private static final long POOL_IDLE_MILLIS = 2_000;

  private final NodeEndpoint endpoint;
  private final String logId;
  private final HttpClient http;
  private final Transport transport;
  private final TransportBackoff backoff = new TransportBackoff();
  private final LongSupplier nanoClock;
  private final CountDownLatch closed = new CountDownLatch(1);

  NodeClient(NodeEndpoint endpoint, String logId, SslContextFactory.Client tls) {
    this.endpoint = endpoint;
    this.logId = logId;
    this.nanoClock = System::nanoTime;
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls == null ? new SslContextFactory.Client() : tls);
    QueuedThreadPool pool = new QueuedThreadPool(16, 1);
    pool.setName("ipfs-http-" + logId);
    pool.setDaemon(true);
    connector.setExecutor(pool);
    this.http =
        new HttpClient(
            new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
    http.setExecutor(pool);
    http.setIdleTimeout(POOL_IDLE_MILLIS);
    http.setFollowRedirects(false);
    http.setUserAgentField(null);
    this.transport =
        endpoint.unixSocket() == null
            ? Transport.TCP_IP
            : new Transport.TCPUnix(endpoint.unixSocket());
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client for " + endpoint, e);
    }
  }

  NodeEndpoint endpoint() {
    return endpoint;
  }

  String logId() {
    return logId;
  }

  /** Whether requests are being throttled because the node keeps failing. */
  boolean throttling() {
    return backoff.throttling();
  }

  /** Sends a call without a body. */
  Exchange send(String path, CallLimit limit) {
    return send(path, limit, null);
  }

  /**
   * Sends a call and returns at once; {@link Exchange#await()} waits for the answer. While the node
   * keeps failing, this first waits for the back-off's next slot (within the call's limit).
   *
   * @param path {@code <command>?<query>}, already escaped
   * @param body the request body, or null; the caller writes it after this returns
   */
  Exchange send(String path, CallLimit limit, Request.Content body) {
    if (isClosed()) {
      throw new IpfsException("IPFS request not sent (" + path + "): the connector is closed");
    }
    long start = nanoClock.getAsLong();
    boolean total = !limit.unlimited() && !limit.idleOnly();
    long deadline = start + limit.duration().toNanos();
    waitForSlot(path, limit, start, total ? deadline : start + Long.MAX_VALUE / 2);
    Request request =
        http.newRequest(endpoint.baseUri() + path)
            .method(HttpMethod.POST)
            .transport(transport)
            // 0 = no idle limit while the call runs: only the call's own limit applies.
            .idleTimeout(limit.idleOnly() ? limit.duration().toMillis() : 0, TimeUnit.MILLISECONDS);
    if (total) {
      long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - nanoClock.getAsLong()));
      request.timeout(remaining, TimeUnit.MILLISECONDS);
    }
    if (body != null) {
      request.body(body);
    }
    log.debug("{} posting /{}", logId, path);
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    return new Exchange(this, path, limit, request, listener);
  }

  private void waitForSlot(String path, CallLimit limit, long start, long deadline) {
    long slot = backoff.reserve(start);
    long wait = slot - start;
    if (wait <= 0) {
      return;
    }
    if (slot - deadline > 0) {
      throw new IpfsTimeoutException(
          "IPFS request failed (is it running?) ("
              + path
              + "): not sent within "
              + GoDuration.format(limit.duration())
              + " because the node at "
              + endpoint
              + " keeps failing and requests are limited to 1 per second",
          limit.path(),
          limit.duration(),
          null);
    }
    try {
      if (closed.await(wait, TimeUnit.NANOSECONDS)) {
        throw new IpfsException("IPFS request not sent (" + path + "): the connector is closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path + ")", e);
    }
  }

  /** Called by an exchange whose request got no response. */
  void transportFailed(String path, Throwable cause) {
    log.warn("{} error posting to IPFS ({}): {}", logId, path, Exchange.describe(cause));
    if (backoff.failed(nanoClock.getAsLong())) {
      log.warn(
          "{} the IPFS node at {} failed {} times in a row: rate-limiting requests to 1 per second",
          logId,
          endpoint,
          TransportBackoff.FREE_FAILURES + 1);
    }
  }

  /** Called by an exchange whose request got a response. */
  void answered() {
    if (backoff.succeeded()) {
      log.warn("{} the IPFS node at {} answers again: lifting the rate limit", logId, endpoint);
    }
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    closed.countDown();
    try {
      http.stop();
    } catch (Exception e) {
      log.warn("{} stopping the HTTP client to {} failed: {}", logId, endpoint, e.toString());
    }
  }
}
