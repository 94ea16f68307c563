package io.ipfscluster.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
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
import java.io.IOException;
import java.net.URI;
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
  private static final ObjectMapper JSON = ClusterJson.mapper();

  private final ApiTransport api;

  /**
   * A client of the API that {@code config} names.
   *
   * @throws IllegalArgumentException when a host is not one this client can reach
   */
  public ClusterClient(ClientConfig config) {
    Objects.requireNonNull(config, "config");
    this.api =
        new ApiTransport(
            config, new Connection.Tls(config.sslContext(), config.skipCertificateCheck()));
  }

  private ClusterClient(ApiTransport api) {
    this.api = api;
  }

  public ClientConfig config() {
    return api.config();
  }

  /** This client with another timeout per request ({@link Duration#ZERO}: none). */
  public ClusterClient withTimeout(Duration timeout) {
    return new ClusterClient(new ApiTransport(api.config().withTimeout(timeout), api.tls()));
  }

  /** {@code GET /id}: the contacted peer's identity. */
  public PeerInfo id() {
    return api.call("GET", "/id", null, PeerInfo.class);
  }

  /** {@code GET /version}: the contacted peer's version. */
  public VersionInfo version() {
    return api.call("GET", "/version", null, VersionInfo.class);
  }

  /** {@code GET /peers}: every cluster peer's identity (unreachable ones with an error). */
  public ResultStream<PeerInfo> peers() {
    return api.stream("GET", "/peers", null, PeerInfo.class);
  }

  /** {@code POST /peers}: asks {@code peer} to join; returns its identity. */
  public PeerInfo peerAdd(PeerId peer) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("peer_id", peer.toString())) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return api.call("POST", "/peers", RequestBody.json(body), PeerInfo.class);
  }

  /** {@code DELETE /peers/{peer}}: removes {@code peer} from the cluster. */
  public void peerRemove(PeerId peer) {
    api.send("DELETE", "/peers/" + peer);
  }

  /** {@code POST /pins/{cid}}: pins {@code cid} with {@code options}; returns the pin. */
  public Pin pin(Cid cid, PinOptions options) {
    return api.call(
        "POST", "/pins/" + cid + "?" + PinOptionsQuery.toQueryString(options), null, Pin.class);
  }

  /** {@code DELETE /pins/{cid}}: unpins {@code cid}; returns the pin as it was. */
  public Pin unpin(Cid cid) {
    return api.call("DELETE", "/pins/" + cid, null, Pin.class);
  }

  /**
   * {@code POST /pins/{ipfs|ipns|ipld}/…}: pins what {@code path} resolves to. A bare CID (or a
   * path without namespace) is taken as {@code /ipfs/<path>}, as the original's client does.
   *
   * @throws IllegalArgumentException {@code invalid path "…": …} when it is not an IPFS path
   */
  public Pin pinPath(String path, PinOptions options) {
    String target = "/pins" + IpfsPath.parse(path) + "?" + PinOptionsQuery.toQueryString(options);
    return api.call("POST", target, null, Pin.class);
  }

  /**
   * {@code DELETE /pins/{ipfs|ipns|ipld}/…}: unpins what {@code path} resolves to; returns the pin
   * as it was.
   *
   * @throws IllegalArgumentException when it is not an IPFS path
   */
  public Pin unpinPath(String path) {
    return api.call("DELETE", "/pins" + IpfsPath.parse(path), null, Pin.class);
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
    return api.stream("GET", "/allocations?filter=" + QueryString.escape(filter), null, Pin.class);
  }

  /** {@code GET /allocations/{cid}}: the pin of {@code cid} (404 when not pinned). */
  public Pin allocation(Cid cid) {
    return api.call("GET", "/allocations/" + cid, null, Pin.class);
  }

  /** {@code GET /pins/{cid}}: the status of {@code cid} on every peer, or the contacted one. */
  public GlobalPinInfo status(Cid cid, boolean local) {
    return api.call("GET", "/pins/" + cid + "?local=" + local, null, GlobalPinInfo.class);
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
    return api.stream("GET", target, null, GlobalPinInfo.class);
  }

  /** {@code POST /pins/{cid}/recover}: retries the failed pin or unpin of {@code cid}. */
  public GlobalPinInfo recover(Cid cid, boolean local) {
    return api.call("POST", "/pins/" + cid + "/recover?local=" + local, null, GlobalPinInfo.class);
  }

  /** {@code POST /pins/recover}: retries every failed pin and unpin. */
  public ResultStream<GlobalPinInfo> recoverAll(boolean local) {
    return api.stream("POST", "/pins/recover?local=" + local, null, GlobalPinInfo.class);
  }

  /** {@code POST /ipfs/gc}: garbage-collects the IPFS nodes of every peer, or the contacted one. */
  public GlobalRepoGc repoGc(boolean local) {
    return api.call("POST", "/ipfs/gc?local=" + local, null, GlobalRepoGc.class);
  }

  /** {@code GET /health/graph}: the connections between peers and their IPFS nodes. */
  public ConnectGraph connectGraph() {
    return api.call("GET", "/health/graph", null, ConnectGraph.class);
  }

  /** {@code GET /health/alerts}: the latest alerts, newest first. */
  public List<Alert> alerts() {
    List<Alert> a = api.call("GET", "/health/alerts", null, new TypeReference<List<Alert>>() {});
    return a == null ? List.of() : a;
  }

  /** {@code GET /health/bandwidth}: the contacted peer's traffic per libp2p protocol. */
  public SortedMap<String, Bandwidth> bandwidth() {
    Map<String, Bandwidth> m =
        api.call("GET", "/health/bandwidth", null, new TypeReference<Map<String, Bandwidth>>() {});
    return m == null ? new TreeMap<>() : new TreeMap<>(m);
  }

  /** {@code GET /monitor/metrics}: the names of the metrics the peer knows. */
  public List<String> metricNames() {
    List<String> n =
        api.call("GET", "/monitor/metrics", null, new TypeReference<List<String>>() {});
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
        api.call(
            "GET",
            "/monitor/metrics/" + IpfsPath.escapePath(name),
            null,
            new TypeReference<List<Metric>>() {});
    return m == null ? List.of() : m;
  }

  /** {@code POST /token}: a bearer token (JWT) for the configured basic-auth user. */
  public String token() {
    Map<String, String> t =
        api.call("POST", "/token", null, new TypeReference<Map<String, String>>() {});
    return t == null ? "" : t.getOrDefault("token", "");
  }

  /** {@code GET /health}: succeeds when the API is up. */
  public void health() {
    api.send("GET", "/health");
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
    return api.stream("POST", "/add?" + streaming.toQuery(), body, AddedOutput.class);
  }
}
