package io.ipfscluster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ClusterVersion;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinOptionsQuery;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The client of a cluster peer's REST API v1: every endpoint of the original's API, with the same
 * requests the original's Go client sends.
 *
 * <p>Calls block until the answer is read; the listing endpoints return a {@link ResultStream} that
 * parses items as they arrive. Every failure is a {@link ClientException}: {@link ApiException}
 * when the API answered with an error (its code and message), {@link TransportException} when no
 * host could be asked, {@link RequestTimeoutException} when the request outlived {@link
 * ClientConfig#timeout()}. A call goes to the first host and fails over to the next ones while the
 * failure is one of the connection (not an answer), as long as its request can be sent again; a
 * stream never fails over once its answer has begun.
 *
 * <p>Thread-safe. It keeps no connection between calls (each request opens one and closes it), so
 * there is nothing to close.
 */
public final class ClusterClient {
  private static final int MAX_REDIRECTS = 10;
  private static final String USER_AGENT = "ipfs-cluster-client-java/" + ClusterVersion.current();
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final ObjectReader ERROR = single(JSON.readerFor(ApiError.class));

  private final ClientConfig config;
  private final List<Endpoint> endpoints;
  private final Connection.Tls tls;

  /**
   * A client of the API that {@code config} names.
   *
   * @throws IllegalArgumentException when a host is not one this client can reach
   */
  public ClusterClient(ClientConfig config) {
    this(config, new Connection.Tls(config.sslContext(), config.skipCertificateCheck()));
  }

  private ClusterClient(ClientConfig config, Connection.Tls tls) {
    this.config = Objects.requireNonNull(config, "config");
    this.endpoints = config.hosts().stream().map(h -> Endpoint.of(h, config.https())).toList();
    this.tls = tls;
  }

  public ClientConfig config() {
    return config;
  }

  /** This client with another timeout per request ({@link Duration#ZERO}: none). */
  public ClusterClient withTimeout(Duration timeout) {
    return new ClusterClient(config.withTimeout(timeout), tls);
  }

  /** {@code GET /id}: the contacted peer's identity. */
  public PeerInfo id() {
    return call("GET", "/id", null, PeerInfo.class);
  }

  /** {@code GET /version}: the contacted peer's version. */
  public VersionInfo version() {
    return call("GET", "/version", null, VersionInfo.class);
  }

  /** {@code GET /peers}: every cluster peer's identity (unreachable ones with an error). */
  public ResultStream<PeerInfo> peers() {
    return stream("GET", "/peers", null, PeerInfo.class);
  }

  /** {@code POST /peers}: asks {@code peer} to join; returns its identity. */
  public PeerInfo peerAdd(PeerId peer) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("peer_id", peer.toString())) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return call("POST", "/peers", RequestBody.json(body), PeerInfo.class);
  }

  /** {@code DELETE /peers/{peer}}: removes {@code peer} from the cluster. */
  public void peerRemove(PeerId peer) {
    call("DELETE", "/peers/" + peer, null, (ObjectReader) null);
  }

  /** {@code POST /pins/{cid}}: pins {@code cid} with {@code options}; returns the pin. */
  public Pin pin(Cid cid, PinOptions options) {
    return call(
        "POST", "/pins/" + cid + "?" + PinOptionsQuery.toQueryString(options), null, Pin.class);
  }

  /** {@code DELETE /pins/{cid}}: unpins {@code cid}; returns the pin as it was. */
  public Pin unpin(Cid cid) {
    return call("DELETE", "/pins/" + cid, null, Pin.class);
  }

  /**
   * {@code POST /pins/{ipfs|ipns|ipld}/…}: pins what {@code path} resolves to. A bare CID (or a
   * path without namespace) is taken as {@code /ipfs/<path>}, as the original's client does.
   *
   * @throws IllegalArgumentException {@code invalid path "…": …} when it is not an IPFS path
   */
  public Pin pinPath(String path, PinOptions options) {
    String target = "/pins" + IpfsPath.parse(path) + "?" + PinOptionsQuery.toQueryString(options);
    return call("POST", target, null, Pin.class);
  }

  /**
   * {@code DELETE /pins/{ipfs|ipns|ipld}/…}: unpins what {@code path} resolves to; returns the pin
   * as it was.
   *
   * @throws IllegalArgumentException when it is not an IPFS path
   */
  public Pin unpinPath(String path) {
    return call("DELETE", "/pins" + IpfsPath.parse(path), null, Pin.class);
  }

  /**
   * {@code GET /allocations}: the pinset, filtered by pin type ({@link PinType#BAD} is ignored; all
   * four types, or none, list everything).
   */
  public ResultStream<Pin> allocations(Collection<PinType> types) {
    List<String> names = new ArrayList<>();
    for (PinType t : List.of(PinType.DATA, PinType.META, PinType.CLUSTER_DAG, PinType.SHARD)) {
      if (types.contains(t)) {
        names.add(t.jsonName());
      }
    }
    String filter = names.size() == 4 ? "all" : String.join(",", names);
    return stream("GET", "/allocations?filter=" + QueryString.escape(filter), null, Pin.class);
  }

  /** {@code GET /allocations/{cid}}: the pin of {@code cid} (404 when not pinned). */
  public Pin allocation(Cid cid) {
    return call("GET", "/allocations/" + cid, null, Pin.class);
  }

  /** {@code GET /pins/{cid}}: the status of {@code cid} on every peer, or the contacted one. */
  public GlobalPinInfo status(Cid cid, boolean local) {
    return call("GET", "/pins/" + cid + "?local=" + local, null, GlobalPinInfo.class);
  }

  /** {@code GET /pins?filter=…}: the status of every pin with a status in {@code filter}. */
  public ResultStream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    return statusPins(filter, List.of(), local);
  }

  /** {@code GET /pins?cids=…}: the status of each of {@code cids}. */
  public ResultStream<GlobalPinInfo> statusCids(List<Cid> cids, boolean local) {
    return statusPins(StatusFilter.ALL, cids, local);
  }

  private ResultStream<GlobalPinInfo> statusPins(
      StatusFilter filter, List<Cid> cids, boolean local) {
    StringBuilder joined = new StringBuilder();
    for (Cid c : cids) {
      joined.append(joined.isEmpty() ? "" : ",").append(c);
    }
    String target =
        "/pins?local="
            + local
            + "&filter="
            + QueryString.escape(filter.toString())
            + "&cids="
            + joined;
    return stream("GET", target, null, GlobalPinInfo.class);
  }

  /** {@code POST /pins/{cid}/recover}: retries the failed pin or unpin of {@code cid}. */
  public GlobalPinInfo recover(Cid cid, boolean local) {
    return call("POST", "/pins/" + cid + "/recover?local=" + local, null, GlobalPinInfo.class);
  }

  /** {@code POST /pins/recover}: retries every failed pin and unpin. */
  public ResultStream<GlobalPinInfo> recoverAll(boolean local) {
    return stream("POST", "/pins/recover?local=" + local, null, GlobalPinInfo.class);
  }

  /** {@code POST /ipfs/gc}: garbage-collects the IPFS nodes of every peer, or the contacted one. */
  public GlobalRepoGc repoGc(boolean local) {
    return call("POST", "/ipfs/gc?local=" + local, null, GlobalRepoGc.class);
  }

  /** {@code GET /health/graph}: the connections between peers and their IPFS nodes. */
  public ConnectGraph connectGraph() {
    return call("GET", "/health/graph", null, ConnectGraph.class);
  }

  /** {@code GET /health/alerts}: the latest alerts, newest first. */
  public List<Alert> alerts() {
    List<Alert> a = call("GET", "/health/alerts", null, new TypeReference<List<Alert>>() {});
    return a == null ? List.of() : a;
  }

  /** {@code GET /health/bandwidth}: the contacted peer's traffic per libp2p protocol. */
  public SortedMap<String, Bandwidth> bandwidth() {
    Map<String, Bandwidth> m =
        call("GET", "/health/bandwidth", null, new TypeReference<Map<String, Bandwidth>>() {});
    return m == null ? new TreeMap<>() : new TreeMap<>(m);
  }

  /** {@code GET /monitor/metrics}: the names of the metrics the peer knows. */
  public List<String> metricNames() {
    List<String> n = call("GET", "/monitor/metrics", null, new TypeReference<List<String>>() {});
    return n == null ? List.of() : n;
  }

  /**
   * {@code GET /monitor/metrics/{name}}: the latest valid metric {@code name} of every peer.
   *
   * @throws IllegalArgumentException when {@code name} is empty
   */
  public List<Metric> metrics(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("bad metric name");
    }
    List<Metric> m =
        call(
            "GET",
            "/monitor/metrics/" + IpfsPath.escapePath(name),
            null,
            new TypeReference<List<Metric>>() {});
    return m == null ? List.of() : m;
  }

  /** {@code POST /token}: a bearer token (JWT) for the configured basic-auth user. */
  public String token() {
    Map<String, String> t =
        call("POST", "/token", null, new TypeReference<Map<String, String>>() {});
    return t == null ? "" : t.getOrDefault("token", "");
  }

  /** {@code GET /health}: succeeds when the API is up. */
  public void health() {
    call("GET", "/health", null, (ObjectReader) null);
  }

  /**
   * {@code POST /add}: uploads the files, directories and links at {@code paths} (see {@link
   * #entries}) and imports them with {@code params}.
   *
   * @throws IOException when a path cannot be read ({@code lstat …: no such file or directory})
   * @throws IllegalArgumentException as {@link #entries}
   */
  public ResultStream<AddedOutput> add(List<String> paths, AddParams params, LongConsumer sent)
      throws IOException {
    return addEntries(entries(paths, params), params, sent);
  }

  /**
   * The entries to upload for {@code paths} as the original's client reads them: {@code http(s)://}
   * URLs are downloaded as they are sent, anything else is a local path ({@link AddEntry#fromPath},
   * with the recursive and hidden settings of {@code params}).
   *
   * @throws IOException when a path cannot be read ({@code lstat …: no such file or directory})
   * @throws IllegalArgumentException for a directory without {@link AddParams#recursive()}, or
   *     {@link AddParams#noCopy()} with a local path ({@code nocopy option is only valid for URLs})
   */
  public static List<AddEntry> entries(List<String> paths, AddParams params) throws IOException {
    List<AddEntry> entries = new ArrayList<>();
    for (String p : paths) {
      if (p.startsWith("http://") || p.startsWith("https://")) {
        entries.add(AddEntry.fromUrl(URI.create(p)));
      } else if (params.noCopy()) {
        throw new IllegalArgumentException("nocopy option is only valid for URLs");
      } else {
        entries.add(AddEntry.fromPath(Path.of(p), params.recursive(), params.hidden()));
      }
    }
    return entries;
  }

  /**
   * {@code POST /add}: uploads {@code entries} as a multipart body and imports them with {@code
   * params} (sent with {@code stream-channels=true}). The added nodes stream back as they are
   * imported, the root last.
   *
   * @param sent told of the file bytes uploaded so far, for progress displays
   */
  public ResultStream<AddedOutput> addEntries(
      List<AddEntry> entries, AddParams params, LongConsumer sent) {
    AddParams streaming =
        new AddParams(
            params.pinOptions(),
            params.local(),
            params.recursive(),
            params.hidden(),
            params.wrap(),
            params.shard(),
            true,
            params.format(),
            params.noPin(),
            params.layout(),
            params.chunker(),
            params.rawLeaves(),
            params.progress(),
            params.cidVersion(),
            params.hashFunction(),
            params.noCopy());
    MultipartBody body = new MultipartBody(entries, sent == null ? n -> {} : sent);
    return stream("POST", "/add?" + streaming.toQuery(), body, AddedOutput.class);
  }

  // ---- exchanges ----

  private <T> T call(String method, String target, RequestBody body, Class<T> type) {
    return call(method, target, body, single(JSON.readerFor(type)));
  }

  private <T> T call(String method, String target, RequestBody body, TypeReference<T> type) {
    return call(method, target, body, single(JSON.readerFor(type)));
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

  private <T> ResultStream<T> stream(
      String method, String target, RequestBody body, Class<T> type) {
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
      ApiError e = ERROR.readValue(body);
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
  private static ObjectReader single(ObjectReader r) {
    return r.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
