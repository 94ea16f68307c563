package io.ipfscluster.cli.ctl;

import static io.ipfscluster.cli.ctl.CtlRunner.golden;
import static io.ipfscluster.client.ApiFixtures.CID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.cli.ctl.CtlRunner.Result;
import io.ipfscluster.client.ApiFixtures;
import io.ipfscluster.client.FakeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The text and JSON each command prints, against golden files written from the original. */
class CtlOutputTest {
  private FakeApi api;
  private CtlRunner ctl;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    ctl = new CtlRunner(api);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private static void ok(Result r, String expectedOut) {
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(expectedOut);
    assertThat(r.code()).isZero();
  }

  @Test
  void id_text() {
    api.json("GET", "/id", ApiFixtures.ID);

    ok(ctl.run("id"), golden("id.txt"));
  }

  @Test
  void id_json_isIndentedAsGo() {
    api.json("GET", "/id", ApiFixtures.ID);

    ok(ctl.run("--enc=json", "id"), golden("id.json"));
  }

  @Test
  void peersLs_text_streamsEveryPeer() {
    api.stream(
        "GET", "/peers", ApiFixtures.ID, ApiFixtures.ID_UNREACHABLE, ApiFixtures.ID_IPFS_DOWN);

    ok(ctl.run("peers", "ls"), golden("peers-ls.txt"));
  }

  @Test
  void peersLs_json_isConsecutiveObjects() {
    api.stream("GET", "/peers", ApiFixtures.ID, ApiFixtures.ID);

    ok(ctl.run("--enc", "json", "peers", "ls"), golden("id.json") + golden("id.json"));
  }

  @Test
  void status_text() {
    api.stream("GET", "/pins", ApiFixtures.GPI, ApiFixtures.GPI2);

    ok(ctl.run("status"), golden("status.txt"));
    assertThat(api.last().target()).isEqualTo("/pins?local=false&filter=&cids=");
  }

  @Test
  void status_oneCid_getsItsStatus() {
    api.json("GET", "/pins/" + CID, ApiFixtures.GPI);

    Result r = ctl.run("status", "--local", CID);

    assertThat(r.out())
        .isEqualTo(
            golden("status.txt").lines().limit(3).map(l -> l + "\n").reduce("", String::concat));
    assertThat(api.last().target()).isEqualTo("/pins/" + CID + "?local=true");
  }

  @Test
  void status_severalCids_andFilter_queryAsTheOriginal() {
    api.stream("GET", "/pins", ApiFixtures.GPI);

    ctl.run("status", CID, ApiFixtures.CID2);
    assertThat(api.last().target())
        .isEqualTo("/pins?local=false&filter=&cids=" + CID + "," + ApiFixtures.CID2);
    ctl.run("status", "--filter", "error,pinned");
    assertThat(api.last().target())
        .isEqualTo(
            "/pins?local=false&filter=cluster_error%2Cpin_error%2Cunpin_error%2Cpinned&cids=");
  }

  @Test
  void pinLs_text_andJson() {
    api.stream("GET", "/allocations", ApiFixtures.PIN, ApiFixtures.PIN_DIRECT);

    ok(ctl.run("pin", "ls"), golden("pin-ls.txt"));
    assertThat(api.last().target()).isEqualTo("/allocations?filter=all");
    ok(ctl.run("--enc=json", "pin", "ls"), golden("pin-ls.json"));
  }

  @Test
  void pinLs_filter_namesTypes() {
    api.stream("GET", "/allocations");

    ctl.run("pin", "ls", "--filter", "meta-pin,pin,bogus");

    assertThat(api.last().target()).isEqualTo("/allocations?filter=pin%2Cmeta-pin");
  }

  @Test
  void pinLs_oneCid_getsItsAllocation() {
    api.json("GET", "/allocations/" + CID, ApiFixtures.PIN);

    ok(ctl.run("pin", "ls", CID), golden("pin-ls.txt").lines().findFirst().orElseThrow() + "\n");
  }

  @Test
  void metrics_text_humanizesFreeSpaceAndExpiry() {
    api.json("GET", "/monitor/metrics/freespace", ApiFixtures.METRICS);

    ok(ctl.run("health", "metrics", "freespace"), golden("metrics.txt"));
  }

  @Test
  void metricNames_textAndJson() {
    api.json("GET", "/monitor/metrics", "[\"freespace\",\"ping\"]");

    ok(ctl.run("health", "metrics"), "freespace\nping\n");
    ok(ctl.run("--enc=json", "health", "metrics"), "[\n    \"freespace\",\n    \"ping\"\n]\n");
  }

  @Test
  void alerts_text() {
    api.json("GET", "/health/alerts", ApiFixtures.ALERTS);

    ok(ctl.run("health", "alerts"), golden("alerts.txt"));
  }

  @Test
  void bandwidth_text() {
    api.json("GET", "/health/bandwidth", ApiFixtures.BANDWIDTH);

    ok(ctl.run("health", "bandwidth"), golden("bandwidth.txt"));
  }

  @Test
  void ipfsGc_text() {
    api.json("POST", "/ipfs/gc", ApiFixtures.GC);

    ok(ctl.run("ipfs", "gc", "--local"), golden("gc.txt"));
    assertThat(api.last().target()).isEqualTo("/ipfs/gc?local=true");
  }

  @Test
  void version_isTheBareString_orItsJson() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");

    ok(ctl.run("version"), "1.1.6\n");
    ok(ctl.run("--enc=json", "version"), "{\n    \"version\": \"1.1.6\"\n}\n");
  }

  @Test
  void recover_oneAndAll() {
    api.json("POST", "/pins/" + CID + "/recover", ApiFixtures.GPI);
    api.stream("POST", "/pins/recover", ApiFixtures.GPI, ApiFixtures.GPI2);

    ok(
        ctl.run("recover", CID),
        golden("status.txt").lines().limit(3).map(l -> l + "\n").reduce("", String::concat));
    ok(ctl.run("recover", "--local"), golden("status.txt"));
    assertThat(api.last().target()).isEqualTo("/pins/recover?local=true");
  }

  @Test
  void healthGraph_printsDot_orWritesTheFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    api.json("GET", "/health/graph", ApiFixtures.GRAPH);

    Result r = ctl.run("health", "graph");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("digraph cluster {\n").contains("C0 -> I0\n").endsWith("}");

    java.nio.file.Path file = dir.resolve("g.dot");
    ok(ctl.run("health", "graph", "-f", file.toString()), "");
    assertThat(java.nio.file.Files.readString(file)).isEqualTo(r.out());
  }

  @Test
  void peersRm_printsNothing() {
    api.on("DELETE", "/peers/" + ApiFixtures.P8, c -> c.empty(204));

    ok(ctl.run("peers", "rm", ApiFixtures.P8), "");
  }

  @Test
  void goStyleFlags_withOneDash_work() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");

    ok(
        ctl.runRaw("-host", api.addr().toString(), "-enc=json", "version"),
        "{\n    \"version\": \"1.1.6\"\n}\n");
  }
}
