package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint over a fake cluster, through real HTTP: routes, bodies, statuses, streams. */
class RestApiIT {
  static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  static final String CID2 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
  static final String SELF = FakeCluster.SELF.toString();

  static final FakeCluster cluster = new FakeCluster();
  static RestApi api;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    ApiConfigs c = new ApiConfigs();
    c.headers = Map.of("X-Cluster-Test", List.of("one", "two"));
    api = RestApi.builder(c.build(), cluster).clock(() -> FakeCluster.NOW).build();
    api.start();
    http = new Http(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void clean() {
    cluster.reset();
  }

  private static String error(int code, String message) {
    return "{\"code\":" + code + ",\"message\":\"" + message + "\"}\n";
  }

  private static void pinBoth() {
    cluster.pin(Cid.parse(CID), PinOptions.defaults());
    cluster.pin(Cid.parse(CID2), PinOptions.defaults());
  }

  @Test
  void version_isJsonWithNewline_configuredHeaders_andContentType() throws Exception {
    HttpResponse<String> r = http.get("/version");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"version\":\"1.1.6\"}\n");
    assertThat(r.headers().allValues("Content-Type")).containsExactly("application/json");
    assertThat(r.headers().allValues("X-Cluster-Test")).containsExactly("one", "two");
    assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
  }

  @Test
  void id_answersThePeer() throws Exception {
    HttpResponse<String> r = http.get("/id");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"id\":\"" + SELF + "\",\"addresses\":[\"/ip4/127.0.0.1/tcp/9096/p2p/")
        .contains("\"peername\":\"peer-")
        .endsWith("}\n");
  }

  @Test
  void pin_answersTheCommittedPin_byteForByte() throws Exception {
    HttpResponse<String> r = http.post("/pins/" + CID + "?name=n&replication=2&meta-a=1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"replication_factor_min\":2,\"replication_factor_max\":2,\"name\":\"n\","
                + "\"mode\":\"recursive\",\"shard_size\":0,\"user_allocations\":null,"
                + "\"expire_at\":\"0001-01-01T00:00:00Z\",\"metadata\":{\"a\":\"1\"},"
                + "\"pin_update\":null,\"origins\":[],\"cid\":\""
                + CID
                + "\",\"type\":\"pin\",\"allocations\":[\""
                + SELF
                + "\"],\"max_depth\":-1,\"reference\":null,\"timestamp\":\"2026-01-02T03:04:05Z\"}\n");
  }

  @Test
  void pin_withModeDirect_isHonoured() throws Exception {
    http.post("/pins/" + CID + "?mode=direct");

    assertThat(cluster.lastOptions.get().mode()).isEqualTo(PinMode.DIRECT);
  }

  @Test
  void pinPath_passesTheCleanedPath_greedily() throws Exception {
    HttpResponse<String> r = http.post("/pins/ipfs/" + CID + "/a/b?name=x");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cluster.lastPath.get()).isEqualTo("/ipfs/" + CID + "/a/b");
    assertThat(cluster.lastOptions.get().name()).isEqualTo("x");
  }

  @Test
  void unpin_answersThePinAsItWas_then404() throws Exception {
    pinBoth();

    HttpResponse<String> first = http.send("DELETE", "/pins/" + CID);
    HttpResponse<String> again = http.send("DELETE", "/pins/" + CID);
    HttpResponse<String> byPath = http.send("DELETE", "/pins/ipfs/" + CID2);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"cid\":\"" + CID + "\"");
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).isEqualTo(error(404, "pin is not part of the pinset"));
    assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(byPath.statusCode()).isEqualTo(200);
    assertThat(cluster.pinset).isEmpty();
  }

  @Test
  void allocation_isThePin_or404() throws Exception {
    assertThat(http.get("/allocations/" + CID).statusCode()).isEqualTo(404);
    pinBoth();
    HttpResponse<String> r = http.get("/allocations/" + CID);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"cid\":\"" + CID + "\"");
  }

  @Test
  void status_isTheGlobalPinInfo_byteForByte() throws Exception {
    HttpResponse<String> r = http.get("/pins/" + CID + "?local=true");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"cid\":\""
                + CID
                + "\",\"name\":\"\",\"allocations\":[],\"origins\":[],"
                + "\"created\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"peer_map\":{\""
                + SELF
                + "\":{\"peername\":\"peer-a\",\"status\":\"unpinned\","
                + "\"timestamp\":\"2026-01-02T03:04:05Z\",\"error\":\"\",\"attempt_count\":0,"
                + "\"priority_pin\":false}}}\n");
  }

  @Test
  void recover_routesBeforeThePinRoutes() throws Exception {
    pinBoth();

    HttpResponse<String> one = http.post("/pins/" + CID + "/recover");
    HttpResponse<String> all = http.post("/pins/recover?local=true");
    HttpResponse<String> getRecover = http.get("/pins/recover");

    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("\"status\":\"pin_queued\"").endsWith("}\n");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body().split("\n")).hasSize(2);
    assertThat(all.headers().firstValue("Trailer")).hasValue("X-Stream-Error");
    // GET has no recover route, so {hash} takes "recover", as with the original.
    assertThat(getRecover.statusCode()).isEqualTo(400);
    assertThat(getRecover.body()).startsWith("{\"code\":400,\"message\":\"error decoding Cid: ");
  }

  @Test
  void peers_streamsEveryPeer_unreachableOnesWithTheirError() throws Exception {
    HttpResponse<String> r = http.get("/peers");

    assertThat(r.statusCode()).isEqualTo(200);
    String[] lines = r.body().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).contains("\"error\":\"dial backoff\"");
  }

  @Test
  void peerAdd_readsThePeerIdOfTheBody() throws Exception {
    HttpResponse<String> r =
        http.sendBody("POST", "/peers", "{\"PEER_ID\":\"" + FakeCluster.OTHER + "\",\"x\":[1]}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("{\"id\":\"" + FakeCluster.OTHER + "\"");
  }

  @Test
  void peerRemove_inCrdtMode_is500WithTheOriginalsMessage() throws Exception {
    HttpResponse<String> r = http.send("DELETE", "/peers/" + FakeCluster.OTHER);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo(error(500, "crdt consensus component cannot remove peers"));
  }

  @Test
  void healthAndMonitor_answerTheirValues() throws Exception {
    assertThat(http.get("/health/alerts").body()).isEqualTo("[]\n");
    assertThat(http.get("/health/bandwidth").body())
        .isEqualTo(
            "{\"/ipfscluster/1.0/rpc\":{\"total_in\":10,\"total_out\":20,\"rate_in\":1.5,"
                + "\"rate_out\":0}}\n");
    assertThat(http.get("/health/graph").body()).startsWith("{\"cluster_id\":\"" + SELF + "\"");
    assertThat(http.get("/monitor/metrics").body()).isEqualTo("[\"freespace\",\"ping\"]\n");
    assertThat(http.get("/monitor/metrics/freespace").body())
        .isEqualTo(
            "[{\"name\":\"freespace\",\"peer\":\""
                + SELF
                + "\",\"value\":\"1000\",\"expire\":5,\"valid\":true,\"weight\":1000,"
                + "\"partitionable\":false,\"received_at\":4}]\n");
    assertThat(http.post("/ipfs/gc?local=true").body())
        .isEqualTo(
            "{\"peer_map\":{\""
                + SELF
                + "\":{\"peer\":\""
                + SELF
                + "\",\"peername\":\"peer-a\",\"keys\":[{\"key\":\""
                + CID
                + "\"}]}}}\n");
  }

  @Test
  void health_is204WithoutBody() throws Exception {
    HttpResponse<String> r = http.get("/health");

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  /** Every 400 of spec §3.2 that a parameter, path, peer or body can cause. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /allocations?filter=nothing                  | invalid filter value",
        "GET    | /pins?filter=nothing,nada                    | invalid filter value",
        "GET    | /pins?cids=" + CID + ",                      | error decoding Cid: ",
        "GET    | /pins/notacid                                | error decoding Cid: ",
        "POST   | /pins/notacid/recover                        | error decoding Cid: ",
        "GET    | /allocations/notacid                         | error decoding Cid: ",
        "POST   | /pins/" + CID + "?replication-min=x          | parameter replication-min invalid",
        "POST   | /pins/" + CID + "?replication-max=1.5        | parameter replication-max invalid",
        "POST   | /pins/" + CID + "?replication=x              | parameter replication-min invalid",
        "POST   | /pins/" + CID + "?shard-size=-1              | parameter shard_size is invalid",
        "POST   | /pins/" + CID + "?expire-at=tomorrow         | expire-at cannot be parsed: ",
        "POST   | /pins/" + CID + "?expire-in=soon             | expire-in cannot be parsed: ",
        "POST   | /pins/" + CID + "?expire-in=500ms            | expire-in duration too short",
        "POST   | /pins/"
            + CID
            + "?pin-update=nope            | error decoding update option parameter: ",
        "POST   | /pins/" + CID + "?origins=nope               | error decoding multiaddress: ",
        "POST   | /pins/"
            + CID
            + "?origins=/ip4/1.2.3.4/tcp/1 | multiaddress does not contain peer ID: ",
        "POST   | /pins/ipfs/notacid/x                         | error parsing path: invalid path \"/ipfs/notacid/x\": ",
        "POST   | /pins/ipld/" + CID + "?replication-min=x     | parameter replication-min invalid",
        "DELETE | /pins/ipfs/" + CID + "?expire-in=x           | expire-in cannot be parsed: ",
        "DELETE | /peers/notapeer                              | error decoding Peer ID: ",
      })
  void badInput_is400WithTheOriginalsMessage(String method, String path, String message)
      throws Exception {
    HttpResponse<String> r = http.send(method, path);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    String prefix = "{\"code\":400,\"message\":\"" + message.replace("\"", "\\\"");
    if (message.endsWith(":")) {
      assertThat(r.body()).startsWith(prefix).endsWith("\"}\n");
    } else {
      assertThat(r.body()).isEqualTo(prefix + "\"}\n");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                       | error decoding request body",
        "[1]                                      | error decoding request body",
        "'{\"peer_id\": 5}'                       | error decoding request body",
        "'{\"peer_id\": \"x\"'                    | error decoding request body",
        "null                                     | error decoding peer_id",
        "'{}'                                     | error decoding peer_id",
        "'{\"peer_id\": \"QmNope\"} trailing junk' | error decoding peer_id",
      })
  void peerAdd_withABadBody_is400(String body, String message) throws Exception {
    HttpResponse<String> r = http.sendBody("POST", "/peers", body);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(error(400, message));
  }

  @Test
  void badOptionsOnAHashRoute_stopTheRequest() throws Exception {
    pinBoth();

    HttpResponse<String> r = http.send("DELETE", "/pins/" + CID + "?replication-min=x");

    assertThat(r.body()).isEqualTo(error(400, "parameter replication-min invalid"));
    assertThat(cluster.pinset).containsKey(Cid.parse(CID));
  }

  @Test
  void clusterFailures_are500_butNotInPinsetIs404_whateverTheKind() throws Exception {
    cluster.failNext(new ClusterException(ClusterException.Kind.INVALID, "no <way> & no"));
    HttpResponse<String> invalid = http.post("/pins/" + CID);
    cluster.failNext(new IllegalStateException("bug"));
    HttpResponse<String> bug = http.get("/id");
    cluster.failNext(
        new ClusterException(ClusterException.Kind.FAILED, "pin is not part of the pinset"));
    HttpResponse<String> notFound = http.get("/version");

    assertThat(invalid.statusCode()).isEqualTo(500);
    // Go's encoder escapes <, > and &.
    assertThat(invalid.body()).isEqualTo(error(500, "no \\u003cway\\u003e \\u0026 no"));
    assertThat(bug.statusCode()).isEqualTo(500);
    assertThat(bug.body()).isEqualTo(error(500, "bug"));
    assertThat(notFound.statusCode()).isEqualTo(404);
  }

  @Test
  void unknownRoute_is404Json_knownPathOtherMethod_is405Empty() throws Exception {
    HttpResponse<String> none = http.get("/nothing/here");
    HttpResponse<String> put = http.send("PUT", "/pins");
    HttpResponse<String> getPath = http.get("/pins/ipfs/" + CID);
    HttpResponse<String> options = http.send("OPTIONS", "/id");

    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).isEqualTo(error(404, "not found"));
    assertThat(none.headers().allValues("X-Cluster-Test")).containsExactly("one", "two");
    for (HttpResponse<String> r : List.of(put, getPath, options)) {
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("Content-Type")).isEmpty();
    }
  }

  @Test
  void trailingSlash_is307ToThePathWithoutIt() throws Exception {
    HttpResponse<String> get = http.get("/id/");
    HttpResponse<String> post = http.post("/pins/" + CID + "/?name=a%20b");

    assertThat(get.statusCode()).isEqualTo(307);
    assertThat(get.headers().firstValue("Location")).hasValue("/id");
    assertThat(get.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(get.body()).isEqualTo("<a href=\"/id\">Temporary Redirect</a>.\n\n");
    assertThat(post.statusCode()).isEqualTo(307);
    assertThat(post.headers().firstValue("Location")).hasValue("/pins/" + CID + "?name=a%20b");
    assertThat(post.body()).isEmpty();
    assertThat(cluster.pinset).isEmpty();
  }

  @Test
  void uncleanPath_is301ToTheCleanOne() throws Exception {
    HttpResponse<String> r = http.get("/pins//" + CID + "?local=true");

    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("/pins/" + CID + "?local=true");
    assertThat(http.raw("GET", "/pins/../id"))
        .startsWith("HTTP/1.1 301 Moved Permanently\r\n")
        .contains("\r\nLocation: /id\r\n");
  }

  @Test
  void allocations_streamsNdjson_withAnEmptyTrailer() throws Exception {
    pinBoth();

    String raw = http.raw("GET", "/allocations?filter=pin");

    assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(raw)
        .contains("\r\nTrailer: X-Stream-Error\r\n", "\r\nTransfer-Encoding: chunked\r\n");
    assertThat(raw).contains("\"cid\":\"" + CID + "\"", "\"cid\":\"" + CID2 + "\"");
    assertThat(raw).endsWith("\r\n0\r\nX-Stream-Error: \r\n\r\n");
  }

  @Test
  void stream_failingMidway_setsTheTrailer_afterTheItemsSent() throws Exception {
    pinBoth();
    cluster.failStreamsAfter(1, "state is gone");

    String raw = http.raw("GET", "/allocations");

    assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(raw.split("\"cid\":", -1)).hasSize(2); // one pin, then the failure
    assertThat(raw).endsWith("\r\n0\r\nX-Stream-Error: \r\nX-Stream-Error: state is gone\r\n\r\n");
  }

  @Test
  void stream_failingBeforeItsFirstItem_is500WithTheError() throws Exception {
    pinBoth();
    cluster.failStreamsAfter(0, "state is gone");
    HttpResponse<String> midway = http.get("/pins");
    cluster.failStreamsAfter(-1, null);
    cluster.failNext(new ClusterException(ClusterException.Kind.FAILED, "no state"));
    HttpResponse<String> atCall = http.get("/pins");

    assertThat(midway.statusCode()).isEqualTo(500);
    assertThat(midway.body()).isEqualTo(error(500, "state is gone"));
    assertThat(atCall.statusCode()).isEqualTo(500);
    assertThat(atCall.body()).isEqualTo(error(500, "no state"));
  }

  @Test
  void emptyStream_is204_withTheTrailerDeclared() throws Exception {
    HttpResponse<String> r = http.get("/pins?filter=pinned");

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Trailer")).hasValue("X-Stream-Error");
  }

  @Test
  void statusOfCids_streamsEachStatus_ignoringTheFilter() throws Exception {
    pinBoth();

    HttpResponse<String> r = http.get("/pins?filter=nothing&cids=" + CID + "," + CID2);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().split("\n"))
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains(CID))
        .anySatisfy(l -> assertThat(l).contains(CID2));
  }

  @Test
  void statusAll_filtersAndStreams() throws Exception {
    pinBoth();

    HttpResponse<String> pinned = http.get("/pins?filter=pinned,error");
    HttpResponse<String> queued = http.get("/pins?filter=queued");

    assertThat(pinned.body().split("\n")).hasSize(2);
    assertThat(queued.statusCode()).isEqualTo(204);
  }

  @Test
  void allocations_passTheTypeFilter() throws Exception {
    pinBoth();
    assertThat(http.get("/allocations?filter=meta-pin").statusCode()).isEqualTo(204);
    assertThat(http.get("/allocations?filter=all").body().split("\n")).hasSize(2);
    Pin p = cluster.pinset.get(Cid.parse(CID));
    assertThat(p).isNotNull();
  }
}
