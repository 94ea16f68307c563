package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A fake kubo RPC server for unit tests of the connector: each command answers what the test
 * scripts with {@link #on}, every call is recorded as {@code <command>?<query>}, and unscripted
 * commands answer like kubo does for unknown ones (HTTP 404, {@code 404 page not found}).
 *
 * <p>Thread-safe. Calls that {@link Call#hang()} are released when the server closes.
 */
final class FakeKubo implements AutoCloseable {

  /** What a command does with one call. */
  @FunctionalInterface
  interface Route {
    void handle(Call call) throws Exception;
  }

  private final Server server = new Server();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Multiaddr address;

  /** A server on a free loopback port. */
  FakeKubo() {
    this(0);
  }

  /** A server on {@code port} of 127.0.0.1 (0: any free port). */
  FakeKubo(int port) {
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(port);
    server.addConnector(c);
    start();
    address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + c.getLocalPort());
  }

  /** An HTTPS server on a free loopback port, with the key and certificate of {@code tls}. */
  FakeKubo(SslContextFactory.Server tls) {
    ServerConnector c = new ServerConnector(server, tls);
    c.setHost("127.0.0.1");
    server.addConnector(c);
    start();
    address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + c.getLocalPort() + "/https");
  }

  /** A server on a unix domain socket. */
  FakeKubo(Path socket) {
    UnixDomainServerConnector c = new UnixDomainServerConnector(server);
    c.setUnixDomainPath(socket);
    server.addConnector(c);
    start();
    address = Multiaddr.parse("/unix" + socket.toAbsolutePath());
  }

  private void start() {
    routes.put(
        "id",
        call ->
            call.json(
                200,
                "{\"ID\":\"12D3KooW9qdzom1rQ8E6vG9e18eDVvjBx2KBDWM1Hx9zdK3Dak9e\","
                    + "\"Addresses\":[]}"));
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            serve(request, response);
            callback.succeeded();
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's address, as a node multiaddr. */
  Multiaddr address() {
    return address;
  }

  /** Scripts {@code command} (for example {@code pin/add}). */
  FakeKubo on(String command, Route route) {
    routes.put(command, route);
    return this;
  }

  /** Scripts {@code command} to answer {@code json} with status 200. */
  FakeKubo answer(String command, String json) {
    return on(command, call -> call.json(200, json));
  }

  /** Every call so far, as {@code <command>?<query>} (or just the command without a query). */
  List<String> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one command so far. */
  List<String> calls(String command) {
    return calls.stream().filter(c -> c.equals(command) || c.startsWith(command + "?")).toList();
  }

  private void serve(Request request, Response response) throws Exception {
    String path = Request.getPathInContext(request);
    String command = path.startsWith("/api/v0/") ? path.substring("/api/v0/".length()) : path;
    String query = request.getHttpURI().getQuery();
    calls.add(query == null ? command : command + "?" + query);
    Call call = new Call(request, response);
    if (!request.getMethod().equals("POST")) {
      call.json(405, "{\"Message\":\"Method Not Allowed\",\"Code\":1,\"Type\":\"error\"}");
      return;
    }
    Route route = routes.get(command);
    if (route == null) {
      call.text(404, "404 page not found");
      return;
    }
    route.handle(call);
    call.finish();
  }

  @Override
  public void close() throws Exception {
    closing.countDown();
    server.stop();
  }

  /** One call to the fake server. */
  final class Call {
    private final Request request;
    private final Response response;
    private OutputStream out;
    private volatile String streamError;

    private Call(Request request, Response response) {
      this.request = request;
      this.response = response;
    }

    /** The first value of query parameter {@code name}, or null. */
    String param(String name) {
      return Request.extractQueryParameters(request).getValue(name);
    }

    /** Every value of query parameter {@code name}. */
    List<String> params(String name) {
      List<String> v = Request.extractQueryParameters(request).getValues(name);
      return v == null ? List.of() : v;
    }

    /** A request header. */
    String header(String name) {
      return request.getHeaders().get(name);
    }

    /** The request body. */
    InputStream body() {
      return Content.Source.asInputStream(request);
    }

    /** Answers with a whole JSON body. */
    void json(int status, String json) throws IOException {
      response.setStatus(status);
      response.getHeaders().put("Content-Type", "application/json");
      write(json);
    }

    /** Answers with a whole text body. */
    void text(int status, String text) throws IOException {
      response.setStatus(status);
      response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
      write(text);
    }

    /** Starts a streaming 200 answer, as kubo's streaming commands do. */
    void stream() {
      response.setStatus(200);
      response.getHeaders().put("Content-Type", "application/json");
      response.getHeaders().put("X-Chunked-Output", "1");
      response.getHeaders().put("Trailer", Exchange.STREAM_ERROR_TRAILER);
      response.setTrailersSupplier(
          () ->
              streamError == null
                  ? HttpFields.EMPTY
                  : HttpFields.build().put(Exchange.STREAM_ERROR_TRAILER, streamError));
    }

    /** Writes one NDJSON line and flushes it. */
    void line(String json) throws IOException {
      if (out == null) {
        stream();
      }
      write(json + "\n");
      out.flush();
    }

    /** Ends a streaming answer with an {@code X-Stream-Error} trailer. */
    void streamError(String message) {
      streamError = message;
    }

    /** Waits, without answering more, until the server closes (at most a minute). */
    void hang() throws InterruptedException {
      if (out != null) {
        try {
          out.flush();
        } catch (IOException ignored) {
          // the client went away
        }
      }
      closing.await(1, TimeUnit.MINUTES);
    }

    /** Waits {@code millis}, or less if the server closes. */
    void pause(long millis) throws InterruptedException {
      closing.await(millis, TimeUnit.MILLISECONDS);
    }

    private void write(String s) throws IOException {
      if (out == null) {
        out = Content.Sink.asOutputStream(response);
      }
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private void finish() throws IOException {
      if (out == null) {
        out = Content.Sink.asOutputStream(response);
      }
      out.close();
    }
  }
}
