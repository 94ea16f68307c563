package io.ipfscluster.client;

import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A fake REST API v1 for client tests: a real HTTP server (Jetty) on an ephemeral loopback port
 * that answers each {@code METHOD /path} with canned JSON, streams NDJSON with the {@code
 * X-Stream-Error} trailer as the original does, and records every request.
 *
 * <p>Unknown routes answer 404 {@code {"code":404,"message":"not found"}}. Thread-safe.
 */
public final class FakeApi implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final Map<String, Route> routes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch stopping = new CountDownLatch(1);

  /** Answers one request. */
  @FunctionalInterface
  public interface Route {
    void answer(Call call) throws Exception;
  }

  /**
   * A request as the server received it.
   *
   * @param method the method
   * @param target the path and query, as sent
   * @param headers the headers (names case-insensitive)
   * @param body the body
   */
  public record Recorded(
      String method, String target, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : v.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private FakeApi(SslContextFactory.Server tls) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("fake-api");
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    if (tls != null) {
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false);
      http.addCustomizer(src);
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Dispatcher());
    server.start();
  }

  /** A plain HTTP fake. */
  public static FakeApi start() throws Exception {
    return new FakeApi(null);
  }

  /** An HTTPS fake with the self-signed certificate of {@code tls/server.crt} (test resources). */
  public static FakeApi startTls() throws Exception {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(FakeApi.class.getResource("/tls/server.p12").toExternalForm());
    tls.setKeyStorePassword("changeit");
    tls.setKeyStoreType("PKCS12");
    return new FakeApi(tls);
  }

  /** The API's multiaddr, {@code /ip4/127.0.0.1/tcp/<port>}. */
  public Multiaddr addr() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + connector.getLocalPort());
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Answers {@code method path} (the path without query) with {@code route}. */
  public FakeApi on(String method, String path, Route route) {
    routes.put(method + " " + path, route);
    return this;
  }

  /** Answers {@code method path} with status 200 and {@code json}. */
  public FakeApi json(String method, String path, String json) {
    return on(method, path, c -> c.json(200, json));
  }

  /** Answers {@code method path} with a 200 NDJSON stream of {@code items} and no error. */
  public FakeApi stream(String method, String path, String... items) {
    return on(method, path, c -> c.stream(List.of(items), ""));
  }

  /** The requests received so far. */
  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The last request received. */
  public Recorded last() {
    synchronized (requests) {
      if (requests.isEmpty()) {
        throw new AssertionError("the fake API received no request");
      }
      return requests.get(requests.size() - 1);
    }
  }

  /** Blocks an answer until the fake stops (to test timeouts), at most 30 s. */
  public void hang() throws InterruptedException {
    stopping.await(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    stopping.countDown();
    server.stop();
  }

  /** One request being answered. */
  public static final class Call {
    private final Recorded request;
    private final Response response;
    private final Callback callback;

    private final CountDownLatch stopping;

    Call(Recorded request, Response response, Callback callback, CountDownLatch stopping) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.stopping = stopping;
    }

    public Recorded request() {
      return request;
    }

    /** The query parameter {@code name} (first value, decoded), or null. */
    public String query(String name) {
      int q = request.target().indexOf('?');
      if (q < 0) {
        return null;
      }
      List<String> v =
          io.ipfscluster.api.QueryString.parse(request.target().substring(q + 1)).get(name);
      return v == null ? null : v.get(0);
    }

    public Call header(String name, String value) {
      response.getHeaders().add(name, value);
      return this;
    }

    /** Answers {@code status} with a JSON body (a newline is added, as Go's encoder does). */
    public void json(int status, String json) {
      body(status, "application/json", json + "\n");
    }

    /** Answers {@code status} with no body. */
    public void empty(int status) {
      response.setStatus(status);
      response.getHeaders().put("Content-Type", "application/json");
      callback.succeeded();
    }

    /** Answers {@code status} with {@code body} as given. */
    public void body(int status, String contentType, String body) {
      response.setStatus(status);
      if (contentType != null) {
        response.getHeaders().put("Content-Type", contentType);
      }
      Content.Sink.write(response, true, body, callback);
    }

    /**
     * Answers 200 with {@code items}, one per line, flushed one by one, then the {@code
     * X-Stream-Error} trailer with {@code error} (empty when none), as the original streams.
     */
    public void stream(List<String> items, String error) throws IOException {
      stream(items, error, false);
    }

    /** Streams {@code items}, then neither ends nor closes the answer until the fake stops. */
    public void streamAndHang(List<String> items) throws Exception {
      stream(items, "", true);
    }

    private void stream(List<String> items, String error, boolean hang) throws IOException {
      response.setStatus(200);
      response.getHeaders().put("Content-Type", "application/json");
      response.getHeaders().put("Trailer", "X-Stream-Error");
      HttpFields.Mutable trailers = HttpFields.build();
      response.setTrailersSupplier(() -> trailers);
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        for (String item : items) {
          out.write((item + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        if (hang) {
          try {
            stopping.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        trailers.put("X-Stream-Error", error);
      }
      callback.succeeded();
    }
  }

  private final class Dispatcher extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (HttpField f : request.getHeaders()) {
        headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
      }
      byte[] body = Content.Source.asInputStream(request).readAllBytes();
      String target = request.getHttpURI().getPathQuery();
      Recorded rec = new Recorded(request.getMethod(), target, headers, body);
      requests.add(rec);
      Route route = routes.get(request.getMethod() + " " + request.getHttpURI().getPath());
      Call call = new Call(rec, response, callback, stopping);
      if (route == null) {
        call.json(404, "{\"code\":404,\"message\":\"not found\"}");
        return true;
      }
      try {
        route.answer(call);
      } catch (Exception e) {
        callback.failed(e);
      }
      return true;
    }
  }
}
