package io.ipfscluster.rest;

import io.ipfscluster.components.ClusterException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original's handler chain for one request, on the request's virtual thread: auth → CORS → 307
 * for a trailing {@code /} → gorilla/mux's path cleaning (301) → the router (404 JSON, 405 empty).
 * The access log wraps it all ({@link AccessLog}).
 *
 * <p>Auth is skipped for {@code OPTIONS} and {@code /health}. Configured headers and {@code
 * Content-Type: application/json} go on the answers the original sends through its JSON writer (the
 * 401, every endpoint answer, the JSON 404) and not on the preflights, redirects and 405 that it
 * answers elsewhere, so that a configured {@code Access-Control-Allow-Origin} cannot end up twice
 * on a preflight.
 *
 * <p>Thread-safe: immutable.
 */
final class ApiHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  private final String logPrefix;
  private final Router router;
  private final Authenticator auth;
  private final Cors cors;
  private final Map<String, List<String>> headers;
  private final long idleTimeoutMillis;

  ApiHandler(
      String logPrefix,
      Router router,
      Authenticator auth,
      Cors cors,
      Map<String, List<String>> headers,
      Duration idleTimeout) {
    super(InvocationType.BLOCKING);
    this.logPrefix = logPrefix;
    this.router = router;
    this.auth = auth;
    this.cors = cors;
    this.headers = headers;
    this.idleTimeoutMillis = idleTimeout.toMillis();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    request.setAttribute(AccessLog.REACHED_API, Boolean.TRUE);
    // The connection got the read-header timeout when it opened (Listeners); from now on, and
    // between this request and the next, it is the idle timeout.
    request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(idleTimeoutMillis);
    try {
      serve(request, response);
      callback.succeeded();
    } catch (Throwable t) {
      log.debug(
          "{} {} {} failed after its answer began: {}",
          logPrefix,
          request.getMethod(),
          request.getHttpURI().getPath(),
          t.toString());
      callback.failed(t);
    }
    return true;
  }

  private void serve(Request request, Response response) throws Exception {
    String method = request.getMethod();
    String rawPath = request.getHttpURI().getPath();
    String path = decodePath(rawPath == null ? "" : rawPath);
    HttpFields in = request.getHeaders();
    HttpFields.Mutable out = response.getHeaders();
    if (path == null) {
      plain(response, 400, "400 Bad Request: invalid URL escape");
      return;
    }
    if (auth.enabled() && !method.equals("OPTIONS") && !path.equals("/health")) {
      Optional<Authenticator.Refusal> refusal = auth.check(in.get(HttpHeader.AUTHORIZATION));
      if (refusal.isPresent()) {
        refusal.get().challenges().forEach(c -> out.add(HttpHeader.WWW_AUTHENTICATE, c));
        exchange(request, response, path, Map.of()).sendError(401, refusal.get().message());
        return;
      }
    }
    if (Cors.isPreflight(method, in)) {
      cors.preflight(in, out);
      response.setStatus(204);
      Exchange.write(response, new byte[0]);
      return;
    }
    cors.actual(method, in, out);
    String query = request.getHttpURI().getQuery();
    String queryPart = query == null || query.isEmpty() ? "" : "?" + query;
    if (path.length() > 1 && path.endsWith("/")) {
      redirectWithoutSlash(method, response, path, queryPart);
      return;
    }
    String clean = GoText.cleanPath(path);
    if (!clean.equals(path) && !path.isEmpty()) {
      out.put(HttpHeader.LOCATION, GoText.escapePath(clean) + queryPart);
      response.setStatus(301);
      Exchange.write(response, new byte[0]);
      return;
    }
    switch (router.match(method, path)) {
      case Router.NotFound n ->
          exchange(request, response, path, Map.of()).sendError(404, "not found");
      case Router.MethodNotAllowed n -> {
        response.setStatus(405);
        Exchange.write(response, new byte[0]);
      }
      case Router.Found f -> call(f, exchange(request, response, path, f.variables()));
    }
  }

  private void call(Router.Found route, Exchange ex) throws Exception {
    try {
      route.endpoint().handle(ex);
    } catch (Exception e) {
      if (ex.answered()) {
        throw e; // a stream that failed after its first byte: nothing left to tell the client
      }
      int status = ErrorStatus.of(e);
      String message = ErrorStatus.message(e);
      if (status >= 500 && !(e instanceof ClusterException)) {
        log.warn("{} {} {}: unexpected failure", logPrefix, ex.method(), route.template(), e);
      } else {
        log.debug("{} sending error response: {}: {}", logPrefix, status, message);
      }
      ex.sendError(status, message);
    }
  }

  private Exchange exchange(
      Request request, Response response, String path, Map<String, String> variables) {
    return new Exchange(request, response, path, variables, headers);
  }

  /** The original's 307 to the path without its trailing slash (Go's {@code http.Redirect}). */
  private static void redirectWithoutSlash(
      String method, Response response, String path, String queryPart) throws Exception {
    String target = GoText.cleanPath(GoText.escapePath(path.substring(0, path.length() - 1)));
    String location = target + queryPart;
    response.getHeaders().put(HttpHeader.LOCATION, location);
    if (method.equals("GET") || method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    }
    response.setStatus(307);
    byte[] body =
        method.equals("GET")
            ? ("<a href=\"" + htmlEscape(location) + "\">Temporary Redirect</a>.\n\n")
                .getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    Exchange.write(response, body);
  }

  private static void plain(Response response, int status, String text) throws Exception {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Exchange.write(response, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String htmlEscape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("'", "&#39;");
  }

  /** Percent-decodes a URL path as UTF-8; null when an escape is malformed. */
  static String decodePath(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        bytes.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length) {
        return null;
      }
      int hi = Character.digit(in[i + 1], 16);
      int lo = Character.digit(in[i + 2], 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
