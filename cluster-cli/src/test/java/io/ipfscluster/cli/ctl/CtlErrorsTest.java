package io.ipfscluster.cli.ctl;

import static io.ipfscluster.client.ApiFixtures.CID;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.cli.ctl.CtlRunner.Result;
import io.ipfscluster.client.ApiFixtures;
import io.ipfscluster.client.FakeApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exit codes and error output: API errors, transport errors, timeouts and local errors. */
@Timeout(30)
class CtlErrorsTest {
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

  @Test
  void apiError_printsTheBlockOnStdout_andExitsTwo() {
    api.on(
        "GET",
        "/id",
        c -> c.json(401, "{\"code\":401,\"message\":\"unauthorized: no auth provided\"}"));

    Result r = ctl.run("id");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo("An error occurred:\n  Code: 401\n  Message: unauthorized: no auth provided\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void apiError_json_printsTheErrorObject() {
    api.on(
        "GET",
        "/allocations/" + CID,
        c -> c.json(404, "{\"code\":404,\"message\":\"pin is not part of the pinset\"}"));

    Result r = ctl.run("--enc=json", "pin", "ls", CID);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo(
            "{\n    \"code\": 404,\n    \"message\": \"pin is not part of the pinset\"\n}\n");
  }

  @Test
  void unreachable_isCodeZero_andExitsOne() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    Result r = ctl.runRaw("--host", "/ip4/127.0.0.1/tcp/" + port, "id");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .isEqualTo(
            "An error occurred:\n  Code: 0\n  Message: Get \"http://127.0.0.1:"
                + port
                + "/id\": dial tcp 127.0.0.1:"
                + port
                + ": connect: connection refused\n");
  }

  @Test
  void failover_acrossTheHostList() throws IOException {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }

    Result r = ctl.runRaw("--host", "/ip4/127.0.0.1/tcp/" + dead + "," + api.addr(), "version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("1.1.6\n");
  }

  @Test
  void requestTimeout_exits62() {
    api.on("GET", "/id", c -> api.hang());

    Result r = ctl.run("--timeout", "1", "id");

    assertThat(r.code()).isEqualTo(62);
    assertThat(r.out()).contains("  Code: 0\n").contains("context deadline exceeded");
  }

  @Test
  void streamTrailerError_printsItemsThenTheError_andExitsTwo() {
    api.on("GET", "/pins", c -> c.stream(java.util.List.of(ApiFixtures.GPI2), "peer down"));

    Result r = ctl.run("status");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .startsWith(ApiFixtures.CID2 + ":\n")
        .endsWith("An error occurred:\n  Code: 500\n  Message: peer down\n");
  }

  @Test
  void closedOutput_stopsReading_andExits141() {
    api.stream("GET", "/pins", ApiFixtures.GPI, ApiFixtures.GPI2);
    java.io.PrintStream closed =
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
          @Override
          public boolean checkError() {
            return true;
          }
        };
    CtlEnv env =
        new CtlEnv(
            closed,
            System.err,
            java.util.Map.of(),
            false,
            false,
            java.time.InstantSource.system(),
            d -> {});

    assertThat(Ctl.run(env, "--host", api.addr().toString(), "status")).isEqualTo(141);
  }

  @Test
  void unsupportedEncoding_isALocalError() {
    Result r = ctl.run("--enc", "xml", "id");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error : unsupported encoding\n");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void badCid_isALocalError() {
    Result r = ctl.run("status", "XXXinvalid-CIDXXX");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error parsing cid: ");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void pinLs_badCid_fails() {
    assertThat(ctl.run("pin", "ls", "XXXinvalid-CIDXXX").code()).isEqualTo(1);
  }

  @Test
  void badFilter_isInvalidFilterName() {
    Result r = ctl.run("status", "--filter", "bogus");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error parsing filter flag: invalid filter name\n");
  }

  @Test
  void peersRm_withoutOrWithBadId_fails() {
    assertThat(ctl.run("peers", "rm").err()).startsWith("error parsing peer ID: ");
    assertThat(ctl.run("peers", "rm", "XXXinvalid-peerXXX").code()).isEqualTo(1);
  }

  @Test
  void peersAdd_isNoCommand() {
    assertThat(ctl.run("peers", "add").code()).isEqualTo(1);
    assertThat(ctl.run("peers", "add", "XXXinvalid-peerXXX").code()).isEqualTo(1);
  }

  @Test
  void pinAdd_badAllocations_failsBeforeAsking() {
    Result r = ctl.run("pin", "add", "--allocations", ApiFixtures.P7 + ",nope", CID);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error decoding allocations: some peer IDs could not be decoded\n");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void pinAdd_badPath_isALocalError() {
    Result r = ctl.run("pin", "add", "XXXinvalid");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error : invalid path \"/ipfs/XXXinvalid\": ");
  }

  @Test
  void badMetadata_andBadExpiry_areLocalErrors() {
    assertThat(ctl.run("pin", "add", "--metadata", "novalue", CID).err())
        .isEqualTo("error parsing metadata: metadata were not in the format key=value\n");
    assertThat(ctl.run("pin", "add", "--expire-in", "soon", CID).err())
        .startsWith("error parsing expire-in: ");
  }

  @Test
  void unknownFlag_isIncorrectUsage() {
    Result r = ctl.run("id", "--bogus");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("Incorrect Usage: ");
  }

  @Test
  void libp2pHost_isClearlyUnsupported() {
    String host = "/ip4/127.0.0.1/tcp/9096/p2p/" + ApiFixtures.P7;

    Result r = ctl.runRaw("--host", host, "id");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error creating API client: host " + host + ": libp2p");
  }

  @Test
  void badHost_isAParseError() {
    Result r = ctl.runRaw("--host", "not-a-multiaddr", "id");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error parsing host multiaddress: ");
  }

  @Test
  void badSecret_isAParseError() {
    assertThat(ctl.run("--secret", "zz", "id").err()).startsWith("error parsing secret: ");
  }

  @Test
  void basicAuth_fromFlagOrEnvironment_withForceHttp() {
    api.json("GET", "/version", "{\"version\":\"1.1.6\"}");

    assertThat(ctl.run("--basic-auth", "testuser:testpass", "--force-http", "version").code())
        .isZero();
    assertThat(api.last().header("Authorization")).isEqualTo("Basic dGVzdHVzZXI6dGVzdHBhc3M=");

    ctl.env("CLUSTER_CREDENTIALS", "u2:p2");
    assertThat(ctl.run("-f", "version").code()).isZero();
    assertThat(api.last().header("Authorization")).isEqualTo("Basic dTI6cDI=");
  }

  @Test
  void basicAuth_withoutForceHttp_impliesHttps() {
    Result r = ctl.run("--basic-auth", "testuser:testpass", "version");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("Code: 0").contains("https://127.0.0.1:" + api.port());
  }
}
