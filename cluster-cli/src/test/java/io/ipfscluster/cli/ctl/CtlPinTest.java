package io.ipfscluster.cli.ctl;

import static io.ipfscluster.client.ApiFixtures.CID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.cli.ctl.CtlRunner.Result;
import io.ipfscluster.client.ApiFixtures;
import io.ipfscluster.client.FakeApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pin add|rm|update}: the request, then the status, waited for or not. */
class CtlPinTest {
  private FakeApi api;
  private CtlRunner ctl;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    ctl = new CtlRunner(api);
    api.json("POST", "/pins/ipfs/" + CID, ApiFixtures.PIN);
    api.json("DELETE", "/pins/ipfs/" + CID, ApiFixtures.PIN);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private static String gpi(String alpha, String beta) {
    return ApiFixtures.ids(
        "{\"cid\":\"CID\",\"peer_map\":{\"P7\":{\"peername\":\"alpha\",\"status\":\""
            + alpha
            + "\",\"timestamp\":\"2024-05-06T10:11:12Z\"},\"P8\":{\"peername\":\"beta\",\"status\":\""
            + beta
            + "\",\"timestamp\":\"2024-05-06T10:11:12Z\"}}}");
  }

  /** Answers {@code GET /pins/CID} with the statuses in turn, repeating the last. */
  private void statuses(String... json) {
    AtomicInteger i = new AtomicInteger();
    api.on(
        "GET",
        "/pins/" + CID,
        c -> c.json(200, json[Math.min(i.getAndIncrement(), json.length - 1)]));
  }

  private Map<String, List<String>> pinQuery() {
    String target = api.requests().get(0).target();
    return QueryString.parse(target.substring(target.indexOf('?') + 1));
  }

  @Test
  void add_sendsTheOptions_waitsOneSecond_andPrintsTheStatus() {
    statuses(gpi("pinned", "pinned"));

    Result r =
        ctl.run(
            "pin",
            "add",
            "-r",
            "2",
            "-n",
            "my pin",
            "--mode",
            "direct",
            "--metadata",
            "kind=text",
            "--expire-in",
            "1h",
            "--allocations",
            ApiFixtures.P7 + ", " + ApiFixtures.P8,
            CID);

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith(CID + ":\n    > beta ")
        .contains("    > alpha                : PINNED | ");
    Map<String, List<String>> q = pinQuery();
    assertThat(q.get("replication-min")).containsExactly("2");
    assertThat(q.get("replication-max")).containsExactly("2");
    assertThat(q.get("name")).containsExactly("my pin");
    assertThat(q.get("mode")).containsExactly("direct");
    assertThat(q.get("meta-kind")).containsExactly("text");
    assertThat(q.get("expire-at"))
        .containsExactly(GoTime.format(CtlRunner.START.plusSeconds(3600)));
    assertThat(q.get("user-allocations")).containsExactly(ApiFixtures.P7 + "," + ApiFixtures.P8);
    assertThat(ctl.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void add_noStatus_printsThePin() {
    Result r = ctl.run("pin", "add", "--no-status", CID);

    assertThat(r.out())
        .isEqualTo(CtlRunner.golden("pin-ls.txt").lines().findFirst().orElseThrow() + "\n");
    assertThat(api.requests()).hasSize(1);
    assertThat(ctl.sleeps).isEmpty();
  }

  @Test
  void add_wait_pollsEverySecond_untilEveryPeerIsPinned() {
    statuses(gpi("pinning", "pin_queued"), gpi("pinned", "pinning"), gpi("pinned", "pinned"));

    Result r = ctl.run("pin", "add", "--wait", CID);

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("alpha                : PINNED")
        .contains("beta                 : PINNED");
    assertThat(ctl.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void add_waitLimit_stopsWhenEnoughPeersArePinned() {
    statuses(gpi("pinned", "pinning"));

    assertThat(ctl.run("pin", "add", "-w", "--wl", "1", CID).code()).isZero();
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void add_waitTimeout_exits62() {
    statuses(gpi("pinning", "pinning"));

    Result r = ctl.run("pin", "add", "--wait", "--wait-timeout", "2s", CID);

    assertThat(r.code()).isEqualTo(62);
    assertThat(r.err()).isEqualTo("error waiting for pin status: context deadline exceeded\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void add_waitOnError_failsWithTheOriginalsMessage() {
    statuses(gpi("pin_error", "pinned"));

    Result r = ctl.run("pin", "add", "--wait", CID);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error waiting for pin status: error has occurred while attempting to reach status:"
                + " pinned\n");
  }

  @Test
  void add_wait_onATerminal_showsLiveProgressOnStderr() {
    statuses(gpi("pinned", "pinning"), gpi("pinned", "pinned"));
    ctl.errTerminal = true;

    Result r = ctl.run("pin", "add", "--wait", CID);

    assertThat(r.err()).contains("waiting for " + CID + ": 1/2 peers pinned").contains("2/2");
    assertThat(r.out()).doesNotContain("waiting");
  }

  @Test
  void rm_wait_waitsForUnpinned() {
    statuses(gpi("unpinning", "unpinned"), gpi("unpinned", "unpinned"));

    Result r = ctl.run("pin", "rm", "--wait", "--wait-timeout", "10s", CID);

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("UNPINNED");
    assertThat(api.requests().get(0).method()).isEqualTo("DELETE");
  }

  @Test
  void update_sendsPinUpdate_toTheNewPath() {
    api.json("POST", "/pins/ipfs/" + ApiFixtures.CID2, ApiFixtures.PIN_DIRECT);

    Result r = ctl.run("pin", "update", "--ns", "-n", "next", CID, ApiFixtures.CID2);

    assertThat(r.code()).isZero();
    Map<String, List<String>> q = pinQuery();
    assertThat(q.get("pin-update")).containsExactly(CID);
    assertThat(q.get("name")).containsExactly("next");
    assertThat(api.requests().get(0).target()).startsWith("/pins/ipfs/" + ApiFixtures.CID2 + "?");
  }

  @Test
  void update_badFrom_isALocalError() {
    assertThat(ctl.run("pin", "update", "nope", CID).err()).startsWith("error parsing from Cid: ");
  }

  @Test
  void add_pathWithSubPath_usesThePathEndpoint() {
    api.json("POST", "/pins/ipfs/" + CID + "/test2/test3.txt", ApiFixtures.PIN);

    assertThat(ctl.run("pin", "add", "--ns", "/ipfs/" + CID + "/test2/test3.txt").code()).isZero();
  }
}
