package io.ipfscluster.client;

import static io.ipfscluster.client.ApiFixtures.CID;
import static io.ipfscluster.client.ApiFixtures.CID2;
import static io.ipfscluster.client.ApiFixtures.P7;
import static io.ipfscluster.client.ApiFixtures.P8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinOptionsQuery;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint: the request the client sends and how it reads the answer. */
class ClusterClientTest {
  private FakeApi api;
  private ClusterClient client;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    client = new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void id_getsId_andParsesIt() {
    api.json("GET", "/id", ApiFixtures.ID);

    PeerInfo id = client.id();

    assertThat(id.id()).isEqualTo(PeerId.parse(P7));
    assertThat(id.peername()).isEqualTo("alpha");
    assertThat(id.clusterPeers()).hasSize(2);
    assertThat(api.last().method()).isEqualTo("GET");
    assertThat(api.last().target()).isEqualTo("/id");
    assertThat(api.last().header("Authorization")).isNull();
    assertThat(api.last().header("Host")).isEqualTo("127.0.0.1:" + api.port());
  }

  @Test
  void version_readsVersion() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");

    assertThat(client.version().version()).isEqualTo("1.1.6");
  }

  @Test
  void basicAuth_isSentWithEveryRequest() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
    ClusterClient c =
        new ClusterClient(client.config().withAuth(ClientAuth.basic("testuser", "testpass")));

    c.version();

    assertThat(api.last().header("Authorization")).isEqualTo("Basic dGVzdHVzZXI6dGVzdHBhc3M=");
  }

  @Test
  void bearerToken_isSentAsAuthorization() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
    ClusterClient c = new ClusterClient(client.config().withAuth(ClientAuth.bearer("abc.def")));

    c.version();

    assertThat(api.last().header("Authorization")).isEqualTo("Bearer abc.def");
  }

  @Test
  void peers_streamsEachPeer() {
    api.stream("GET", "/peers", ApiFixtures.ID, ApiFixtures.ID_UNREACHABLE);

    List<PeerInfo> peers = client.peers().toList();

    assertThat(peers).extracting(PeerInfo::error).containsExactly("", "dial backoff");
  }

  @Test
  void peerAdd_postsPeerIdAsJson() {
    api.json("POST", "/peers", ApiFixtures.ID);

    client.peerAdd(PeerId.parse(P8));

    assertThat(api.last().bodyText()).isEqualTo("{\"peer_id\":\"" + P8 + "\"}\n");
    assertThat(api.last().header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void peerRemove_deletesPeer() {
    api.on("DELETE", "/peers/" + P8, c -> c.empty(204));

    client.peerRemove(PeerId.parse(P8));

    assertThat(api.last().method()).isEqualTo("DELETE");
  }

  @Test
  void pin_postsOptionsAsTheGoClientWritesThem() {
    api.json("POST", "/pins/" + CID, ApiFixtures.PIN);
    PinOptions options =
        PinOptions.defaults()
            .withReplication(2, 3)
            .withName("my pin")
            .withMetadata(Map.of("kind", "text"));

    Pin pin = client.pin(Cid.parse(CID), options);

    assertThat(pin.options().name()).isEqualTo("mypin");
    assertThat(api.last().target())
        .isEqualTo("/pins/" + CID + "?" + PinOptionsQuery.toQueryString(options))
        .contains("meta-kind=text")
        .contains("name=my+pin");
    assertThat(api.last().header("Content-Length")).isEqualTo("0");
  }

  @Test
  void pinPath_bareCid_usesIpfsPath() {
    api.json("POST", "/pins/ipfs/" + CID, ApiFixtures.PIN);

    client.pinPath(CID, PinOptions.defaults().withMode(PinMode.DIRECT));

    assertThat(api.last().target()).startsWith("/pins/ipfs/" + CID + "?").contains("mode=direct");
  }

  @Test
  void pinPath_cleansAndEscapesThePath() {
    api.json("POST", "/pins/ipfs/" + CID + "/a%20b/c.txt", ApiFixtures.PIN);

    client.pinPath("/ipfs//" + CID + "/x/../a b/./c.txt", PinOptions.defaults());

    assertThat(api.last().target()).startsWith("/pins/ipfs/" + CID + "/a%20b/c.txt?");
  }

  @Test
  void pinPath_ipns_isSentAsIs() {
    api.json("POST", "/pins/ipns/example.org", ApiFixtures.PIN);

    client.pinPath("/ipns/example.org", PinOptions.defaults());

    assertThat(api.last().target()).startsWith("/pins/ipns/example.org?");
  }

  @Test
  void pinPath_invalid_isRejectedLocally() {
    assertThatThrownBy(() -> client.pinPath("XXXinvalid-CIDXXX", PinOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid path \"/ipfs/XXXinvalid-CIDXXX\": ");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void unpin_andUnpinPath_delete() {
    api.json("DELETE", "/pins/" + CID, ApiFixtures.PIN);
    api.json("DELETE", "/pins/ipfs/" + CID + "/sub", ApiFixtures.PIN);

    client.unpin(Cid.parse(CID));
    assertThat(api.last().target()).isEqualTo("/pins/" + CID);
    client.unpinPath("/ipfs/" + CID + "/sub");
    assertThat(api.last().target()).isEqualTo("/pins/ipfs/" + CID + "/sub");
  }

  @Test
  void allocations_writesTheFilterAsTheGoClient() {
    api.stream("GET", "/allocations", ApiFixtures.PIN, ApiFixtures.PIN_DIRECT);

    List<Pin> pins = client.allocations(Set.of(PinType.values())).toList();
    assertThat(pins).extracting(p -> p.cid().toString()).containsExactly(CID, CID2);
    assertThat(api.last().target()).isEqualTo("/allocations?filter=all");

    client.allocations(Set.of(PinType.META, PinType.DATA)).toList();
    assertThat(api.last().target()).isEqualTo("/allocations?filter=pin%2Cmeta-pin");

    client.allocations(Set.of(PinType.BAD)).toList();
    assertThat(api.last().target()).isEqualTo("/allocations?filter=");
  }

  @Test
  void allocation_getsOnePin() {
    api.json("GET", "/allocations/" + CID2, ApiFixtures.PIN_DIRECT);

    Pin pin = client.allocation(Cid.parse(CID2));

    assertThat(pin.mode()).isEqualTo(PinMode.DIRECT);
    assertThat(pin.options().metadata()).containsEntry("kind", "text");
  }

  @Test
  void status_sendsLocal() {
    api.json("GET", "/pins/" + CID, ApiFixtures.GPI);

    GlobalPinInfo gpi = client.status(Cid.parse(CID), true);

    assertThat(api.last().target()).isEqualTo("/pins/" + CID + "?local=true");
    assertThat(gpi.peerMap()).hasSize(2);
  }

  @Test
  void statusAll_andStatusCids_writeTheGoClientsQuery() {
    api.stream("GET", "/pins", ApiFixtures.GPI, ApiFixtures.GPI2);

    assertThat(client.statusAll(StatusFilter.ALL, false).toList()).hasSize(2);
    assertThat(api.last().target()).isEqualTo("/pins?local=false&filter=&cids=");

    client.statusAll(StatusFilter.of(TrackerStatus.PINNED, TrackerStatus.PINNING), true).toList();
    assertThat(api.last().target()).isEqualTo("/pins?local=true&filter=pinned%2Cpinning&cids=");

    client.statusCids(List.of(Cid.parse(CID), Cid.parse(CID2)), false).toList();
    assertThat(api.last().target()).isEqualTo("/pins?local=false&filter=&cids=" + CID + "," + CID2);
  }

  @Test
  void recover_andRecoverAll_post() {
    api.json("POST", "/pins/" + CID + "/recover", ApiFixtures.GPI);
    api.stream("POST", "/pins/recover", ApiFixtures.GPI);

    client.recover(Cid.parse(CID), false);
    assertThat(api.last().target()).isEqualTo("/pins/" + CID + "/recover?local=false");
    assertThat(client.recoverAll(true).toList()).hasSize(1);
    assertThat(api.last().target()).isEqualTo("/pins/recover?local=true");
  }

  @Test
  void repoGc_postsLocal() {
    api.json("POST", "/ipfs/gc", ApiFixtures.GC);

    var gc = client.repoGc(false);

    assertThat(api.last().target()).isEqualTo("/ipfs/gc?local=false");
    assertThat(gc.peerMap()).hasSize(2);
  }

  @Test
  void healthEndpoints_parse() {
    api.json("GET", "/health/graph", ApiFixtures.GRAPH);
    api.json("GET", "/health/alerts", ApiFixtures.ALERTS);
    api.json("GET", "/health/bandwidth", ApiFixtures.BANDWIDTH);
    api.on("GET", "/health", c -> c.empty(204));

    assertThat(client.connectGraph().clusterLinks()).hasSize(2);
    assertThat(client.alerts()).hasSize(1);
    assertThat(client.bandwidth()).containsOnlyKeys("/ipfscluster/1.1/rpc", "/meshsub/1.1.0");
    client.health();
    assertThat(api.last().target()).isEqualTo("/health");
  }

  @Test
  void alerts_null_isEmpty() {
    api.json("GET", "/health/alerts", "null");

    assertThat(client.alerts()).isEmpty();
  }

  @Test
  void metrics_andNames() {
    api.json("GET", "/monitor/metrics", "[\"freespace\",\"ping\"]");
    api.json("GET", "/monitor/metrics/freespace", ApiFixtures.METRICS);

    assertThat(client.metricNames()).containsExactly("freespace", "ping");
    assertThat(client.metrics("freespace")).hasSize(2);
    assertThatThrownBy(() -> client.metrics("")).hasMessage("bad metric name");
  }

  @Test
  void token_postsAndReadsToken() {
    api.json("POST", "/token", "{\"token\":\"a.b.c\"}");

    assertThat(client.token()).isEqualTo("a.b.c");
  }

  @Test
  void error_jsonAnswer_carriesCodeAndMessage() {
    api.on(
        "GET",
        "/allocations/" + CID,
        c -> c.json(404, "{\"code\":404,\"message\":\"pin is not part of the pinset\"}"));

    assertThatThrownBy(() -> client.allocation(Cid.parse(CID)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(404);
              assertThat(e.getMessage()).isEqualTo("pin is not part of the pinset");
              assertThat(e.toApiError().toString())
                  .isEqualTo("pin is not part of the pinset (404)");
            });
  }

  @Test
  void error_notJson_hasTheBodyAsMessage() {
    api.on("GET", "/id", c -> c.body(502, "text/plain", "bad gateway"));

    assertThatThrownBy(() -> client.id())
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(502);
              assertThat(e.getMessage()).isEqualTo("bad gateway");
            });
  }

  @Test
  void error_jsonFollowedByMore_hasTheWholeBody_asTheGoClient() {
    api.on(
        "POST",
        "/pins/" + CID,
        c ->
            c.body(
                400,
                "application/json",
                "{\"code\":400,\"message\":\"parameter replication-min invalid\"}\n{}\n"));

    assertThatThrownBy(() -> client.pin(Cid.parse(CID), PinOptions.defaults()))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.getMessage()).startsWith("{\"code\":400").endsWith("{}\n"));
  }

  @Test
  void stream_noContent_isEmpty() {
    api.on("GET", "/pins", c -> c.empty(204));

    try (ResultStream<GlobalPinInfo> s = client.statusAll(StatusFilter.ALL, false)) {
      assertThat(s.hasNext()).isFalse();
    }
  }

  @Test
  void stream_errorBeforeFirstItem_isThrownByTheCall() {
    api.on("GET", "/pins", c -> c.json(400, "{\"code\":400,\"message\":\"invalid filter value\"}"));

    assertThatThrownBy(() -> client.statusAll(StatusFilter.ALL, false))
        .isInstanceOf(ApiException.class)
        .hasMessage("invalid filter value");
  }

  @Test
  void stream_trailerError_isThrownAfterTheItems() {
    api.on(
        "GET",
        "/pins",
        c -> c.stream(List.of(ApiFixtures.GPI, ApiFixtures.GPI2), "rpc: peer down"));

    ResultStream<GlobalPinInfo> s = client.statusAll(StatusFilter.ALL, false);
    assertThat(s.next().cid().toString()).isEqualTo(CID);
    assertThat(s.next().cid().toString()).isEqualTo(CID2);
    assertThatThrownBy(s::hasNext)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(500);
              assertThat(e.getMessage()).isEqualTo("rpc: peer down");
            });
  }

  @Test
  void stream_asJavaStream_closesWithIt() {
    api.stream("GET", "/peers", ApiFixtures.ID, ApiFixtures.ID_UNREACHABLE);

    try (var s = client.peers().stream()) {
      assertThat(s.map(PeerInfo::peername).findFirst()).contains("alpha");
    }
  }
}
