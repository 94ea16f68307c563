package io.ipfscluster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.ClusterVersion;
import io.ipfscluster.api.json.ClusterJson;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges of a {@link ClusterClient}: one request answered with one JSON value ({@link
 * #call}) or with an NDJSON stream ({@link #stream}), with failover across hosts, redirects, the
 * original's reading of error answers, and I/O failures worded as Go's client words them.
 *
 * <p>Thread-safe: immutable; every request uses its own connection.
 */
final class ApiTransport {
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "ipfs-cluster-client-java/" + ClusterVersion.current();
  private static final ObjectMapper JSON = ClusterJson.mapper();

  private final ClientConfig config;
  private final List<Endpoint> endpoints;
  private final Connection.Tls tls;

  ApiTransport(ClientConfig config, Connection.Tls tls) {
    this.config = config;
    this.endpoints = config.hosts().stream().map(h -> Endpoint.of(h, config.https())).toList();
    this.tls = tls;
  }

  ClientConfig config() {
    return config;
  }

  Connection.Tls tls() {
    return tls;
  }

  /** Sends a request answered with one JSON value of {@code type} (null for none). */
  <T> T call(String method, String target, RequestBody body, Class<T> type) {
    return call(method, target, body, single(JSON.readerFor(type)));
  }

  <T> T call(String method, String target, RequestBody body, TypeReference<T> type) {
    return call(method, target, body, single(JSON.readerFor(type)));
  }

  /** Sends a request whose answer has no value to read. */
  void send(String method, String target) {
    call(method, target, null, (ObjectReader) null);
  }

  private <T> T call(String method, String target, RequestBody body, ObjectReader reader) {
    return withFailover(
        method,
        target,
        body,
        (ep, guard) -> {
          Answer a = exchange(ep, method, target, body, guard);
          byte[] bytes;
          try (HttpResponse r = a.response) {
            bytes = r.body().readAllBytes();
          } finally {
            guard.disarm();
          }
          return decode(a.response.status(), bytes, reader);
        });
  }

  /** Sends a request answered with an NDJSON stream of {@code type}. */
  <T> ResultStream<T> stream(String method, String target, RequestBody body, Class<T> type) {
    ObjectReader reader = JSON.readerFor(type);
    return withFailover(
        method,
        target,
        body,
        (ep, guard) -> {
          Answer a = exchange(ep, method, target, body, guard);
          HttpResponse r = a.response;
          int status = r.status();
          if (status == 200) {
            return new ResultStream<T>(
                r, reader, e -> failure(ep, method, a.target, e, guard), guard::disarm);
          }
          byte[] bytes;
          try (r) {
            bytes = status == 204 ? new byte[0] : r.body().readAllBytes();
          } finally {
            guard.disarm();
          }
          if (status == 204) {
            return ResultStream.empty();
          }
          if (status >= 400 && status < 600) {
            throw error(status, bytes);
          }
          throw new ApiException(status, "expected streaming response with code 200/204");
        });
  }

  private interface Attempt<T> {
    T run(Endpoint ep, Watchdog.Guard guard) throws IOException;
  }

  /** Runs {@code attempt} on each host in turn while it fails to reach it. */
  private <T> T withFailover(String method, String target, RequestBody body, Attempt<T> attempt) {
    ClientException last = null;
    for (Endpoint ep : endpoints) {
      Watchdog.Guard guard = Watchdog.arm(config.timeout());
      try {
        return attempt.run(ep, guard);
      } catch (IOException e) {
        guard.disarm();
        last = failure(ep, method, target, e, guard);
        if (body != null && !body.replayable() || e instanceof RequestBody.SourceException) {
          break;
        }
      }
    }
    throw last;
  }

  /** The answer to a request and the target it finally went to (after redirects). */
  private record Answer(HttpResponse response, String target) {}

  /** Sends one request to {@code ep}, following redirects on it. */
  private Answer exchange(
      Endpoint ep, String method, String target, RequestBody body, Watchdog.Guard guard)
      throws IOException {
    List<String> headers = new ArrayList<>(List.of("User-Agent", USER_AGENT));
    config.auth().header().ifPresent(h -> headers.addAll(List.of("Authorization", h)));
    String m = method;
    String t = target;
    RequestBody b = body;
    for (int hop = 0; ; hop++) {
      Connection c = Connection.open(ep, tls, config.connectTimeout(), guard);
      HttpResponse r;
      try {
        r = Http1.exchange(c, m, t, ep.authority(), headers, b);
      } catch (IOException | RuntimeException e) {
        c.close();
        throw e;
      }
      String location = r.header("Location");
      int s = r.status();
      boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
      if (!redirect || location == null || hop == MAX_REDIRECTS || b != null && !b.replayable()) {
        return new Answer(r, t);
      }
      r.close();
      URI next = URI.create(ep.url(t)).resolve(location);
      t = next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
      if (s != 307 && s != 308 && !m.equals("GET") && !m.equals("HEAD")) {
        m = "GET";
        b = null;
      }
    }
  }

  private static <T> T decode(int status, byte[] body, ObjectReader reader) {
    if (status == 202 || status == 204) {
      return null;
    }
    if (status >= 400 && status < 600) {
      throw error(status, body);
    }
    if (reader == null) {
      return null;
    }
    try {
      return reader.readValue(body);
    } catch (IOException e) {
      throw new ApiException(status < 100 || status > 599 ? 500 : status, jsonMessage(e));
    }
  }

  /**
   * The error of an error answer: its {@code {"code","message"}}, or the whole body as the message
   * when the body is not one such object (as the original's client does).
   */
  private static ApiException error(int status, byte[] body) {
    try {
      ApiError e = ErrorReader.READER.readValue(body);
      if (e != null && e.code() != 0) {
        return new ApiException(e.code(), e.message());
      }
      if (e != null) {
        return new ApiException(status, e.message());
      }
    } catch (IOException | IllegalArgumentException e) {
      // Not an error object: the body is the message.
    }
    return new ApiException(status, new String(body, StandardCharsets.UTF_8));
  }

  /** Maps an I/O failure to the exception the caller sees, worded as Go's client words it. */
  private static ClientException failure(
      Endpoint ep, String method, String target, Exception e, Watchdog.Guard guard) {
    String op = method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    String prefix = op + " \"" + ep.url(target) + "\": ";
    if (guard.fired()) {
      return new RequestTimeoutException(
          prefix + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)", e);
    }
    if (e instanceof ClientException ce) {
      return ce;
    }
    if (e instanceof JsonProcessingException j) {
      return new TransportException(jsonMessage(j), e);
    }
    if (e instanceof EOFException) {
      return new TransportException(prefix + "unexpected EOF", e);
    }
    if (e instanceof UnknownHostException) {
      return new TransportException(prefix + "dial tcp: lookup " + ep.host() + ": no such host", e);
    }
    if (e instanceof java.net.NoRouteToHostException) {
      return new TransportException(prefix + "dial tcp: connect: no route to host", e);
    }
    return new TransportException(prefix + lower(e.getMessage()), e);
  }

  private static String lower(String m) {
    if (m == null || m.isEmpty()) {
      return "unknown error";
    }
    return Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  private static String jsonMessage(Exception e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  /** A reader of exactly one JSON value (trailing data is an error, as for Go's Unmarshal). */
  /**
   * The reader of error answers, made on the first one: building it runs Jackson's introspection of
   * a record (a third of the classes a short {@code ipfs-cluster-ctl} command loaded).
   */
  private static final class ErrorReader {
    static final ObjectReader READER = single(JSON.readerFor(ApiError.class));
  }

  private static ObjectReader single(ObjectReader r) {
    return r.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
