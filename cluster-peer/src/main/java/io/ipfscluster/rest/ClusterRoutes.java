package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinOptionsQuery;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.json.GlobalPinInfoJson;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * The endpoints of spec §3.2 over a {@link Cluster}, in the original's route order, which decides
 * precedence: {@code POST /pins/{hash}/recover} and {@code POST /pins/recover} come before {@code
 * POST /pins/{hash}}, and {@code {path}} of the path routes is greedy.
 *
 * <p>Parameters are checked before the call, in the original's order and with its 400 messages; the
 * {@code {hash}} routes also check the pin option parameters, as the original does on all of them.
 * Thread-safe: stateless but for the cluster.
 */
final class ClusterRoutes {
  private static final JsonFactory JSON = new JsonFactory();

  /** How many statuses of {@code GET /pins?cids=…} are asked for at once. */
  private static final int PARALLEL_STATUS = 32;

  private final Cluster cluster;
  private final Authenticator auth;
  private final InstantSource clock;

  ClusterRoutes(Cluster cluster, Authenticator auth, InstantSource clock) {
    this.cluster = cluster;
    this.auth = auth;
    this.clock = clock;
  }

  /** The route table; {@code add} answers {@code POST /add} when not null. */
  Router router(Endpoint add) {
    Router r = new Router();
    r.add("GET", "/id", ex -> ex.send(cluster.id()));
    r.add("GET", "/version", ex -> ex.send(cluster.version()));
    r.add(
        "GET",
        "/peers",
        ex -> ex.<PeerInfo>stream(sink -> drain(cluster.peers(), sink), GoJson::writeValue));
    r.add("POST", "/peers", ex -> ex.send(cluster.peerAdd(peerIdFromBody(ex.body()))));
    r.add("DELETE", "/peers/{peer}", this::peerRemove);
    if (add != null) {
      r.add("POST", "/add", add);
    }
    r.add("GET", "/allocations", this::allocations);
    r.add("GET", "/allocations/{hash}", ex -> ex.send(cluster.pinGet(cidAndOptions(ex))));
    r.add("GET", "/pins", this::statusAll);
    r.add(
        "POST",
        "/pins/{hash}/recover",
        ex -> ex.send(cluster.recover(cidAndOptions(ex), ex.local())));
    r.add(
        "POST",
        "/pins/recover",
        ex ->
            ex.stream(
                sink -> drain(cluster.recoverAll(ex.local()), sink), GlobalPinInfoJson::write));
    r.add("GET", "/pins/{hash}", ex -> ex.send(cluster.status(cidAndOptions(ex), ex.local())));
    r.add("POST", "/pins/{hash}", ex -> ex.send(cluster.pin(cid(ex), options(ex))));
    r.add(
        "POST",
        "/pins/{keyType:ipfs|ipns|ipld}/{path:.*}",
        ex -> ex.send(cluster.pinPath(path(ex), options(ex))));
    r.add("DELETE", "/pins/{hash}", ex -> ex.send(cluster.unpin(cidAndOptions(ex))));
    r.add(
        "DELETE",
        "/pins/{keyType:ipfs|ipns|ipld}/{path:.*}",
        ex -> ex.send(cluster.unpinPath(pathAndOptions(ex))));
    r.add("POST", "/ipfs/gc", ex -> ex.send(cluster.repoGc(ex.local())));
    r.add("GET", "/health/graph", ex -> ex.send(cluster.connectGraph()));
    r.add("GET", "/health/alerts", ex -> ex.send(cluster.alerts()));
    r.add("GET", "/health/bandwidth", ex -> ex.send(cluster.bandwidthByProtocol()));
    r.add(
        "GET", "/monitor/metrics/{name}", ex -> ex.send(cluster.metrics(ex.pathVariable("name"))));
    r.add("GET", "/monitor/metrics", ex -> ex.send(cluster.metricNames()));
    r.add(
        "POST",
        "/token",
        ex -> ex.send(Map.of("token", auth.issueToken(ex.header("Authorization")))));
    r.add("GET", "/health", Exchange::sendNoContent);
    return r;
  }

  private void peerRemove(Exchange ex) throws IOException {
    PeerId peer;
    try {
      peer = PeerId.parse(ex.pathVariable("peer"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("error decoding Peer ID: " + e.getMessage());
    }
    cluster.peerRemove(peer);
    ex.sendNoContent();
  }

  private void allocations(Exchange ex) throws IOException {
    int mask;
    try {
      mask = PinType.parseFilter(ex.param("filter"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid filter value");
    }
    ex.stream(sink -> drain(cluster.pins(mask), sink), PinJson::write);
  }

  private void statusAll(Exchange ex) throws IOException {
    if (!ex.param("cids").isEmpty()) {
      statusOfCids(ex);
      return;
    }
    boolean local = ex.local();
    StatusFilter filter =
        StatusFilter.parse(ex.param("filter"))
            .orElseThrow(() -> ApiException.badRequest("invalid filter value"));
    ex.stream(sink -> drain(cluster.statusAll(filter, local), sink), GlobalPinInfoJson::write);
  }

  /** {@code GET /pins?cids=a,b}: the status of each, asked for in parallel, in any order. */
  private void statusOfCids(Exchange ex) throws IOException {
    List<Cid> cids = new ArrayList<>();
    for (String text : ex.param("cids").split(",", -1)) {
      cids.add(parseCid(text));
    }
    boolean local = ex.local();
    ex.stream(
        sink -> {
          Semaphore permits = new Semaphore(PARALLEL_STATUS);
          List<Thread> workers = new ArrayList<>();
          try {
            for (Cid cid : cids) {
              permits.acquire();
              workers.add(
                  Thread.ofVirtual()
                      .name("restapi-status")
                      .start(
                          () -> {
                            try {
                              GlobalPinInfo info = cluster.status(cid, local);
                              sink.accept(info);
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                              sink.fail(e);
                            } finally {
                              permits.release();
                            }
                          }));
            }
            for (Thread w : workers) {
              w.join();
            }
          } finally {
            workers.forEach(Thread::interrupt);
          }
        },
        GlobalPinInfoJson::write);
  }

  private static <T> void drain(Stream<T> items, Exchange.StreamSink<T> sink)
      throws InterruptedException {
    try (items) {
      var it = items.iterator();
      while (it.hasNext()) {
        sink.accept(it.next());
      }
    }
  }

  private Cid cid(Exchange ex) {
    return parseCid(ex.pathVariable("hash"));
  }

  /** The CID of a {@code {hash}} route, after checking the pin option parameters too. */
  private Cid cidAndOptions(Exchange ex) {
    Cid cid = cid(ex);
    options(ex);
    return cid;
  }

  private String path(Exchange ex) {
    return ContentPath.parse(ex.pathVariable("keyType"), ex.pathVariable("path"));
  }

  private String pathAndOptions(Exchange ex) {
    String path = path(ex);
    options(ex);
    return path;
  }

  private PinOptions options(Exchange ex) {
    try {
      return PinOptionsQuery.parse(ex.query(), clock.instant());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static Cid parseCid(String text) {
    try {
      return Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("error decoding Cid: " + e.getMessage());
    }
  }

  /**
   * The {@code peer_id} of a {@code POST /peers} body, read as Go's {@code json.Decoder} reads the
   * first value of the body into {@code {"peer_id": string}}: field names match in any case,
   * unknown fields and anything after the first value are ignored, {@code null} leaves it empty.
   */
  static PeerId peerIdFromBody(InputStream body) throws IOException {
    String peerId = "";
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (!name.equalsIgnoreCase("peer_id")) {
            p.skipChildren();
          } else if (value == JsonToken.VALUE_STRING) {
            peerId = p.getText();
          } else if (value != JsonToken.VALUE_NULL) {
            throw ApiException.badRequest("error decoding request body");
          }
        }
      } else if (t != JsonToken.VALUE_NULL) {
        throw ApiException.badRequest("error decoding request body");
      }
    } catch (JacksonException e) {
      throw ApiException.badRequest("error decoding request body");
    }
    try {
      return PeerId.parse(peerId);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("error decoding peer_id");
    }
  }
}
