package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.client.ApiFixtures;
import io.ipfscluster.client.FakeApi;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the built {@code ipfs-cluster-ctl} as a separate process against a fake API (spec §9.1
 * t0010 and the output of t0025); the end-to-end cases against a real daemon come with the REST
 * server.
 */
class CtlIT {
  private FakeApi api;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void id_andJsonPeers_againstTheApi() throws Exception {
    api.json("GET", "/id", ApiFixtures.ID);
    api.stream("GET", "/peers", ApiFixtures.ID);

    Dist.Result id = Dist.ctl("--host", api.addr().toString(), "id");
    Dist.Result peers = Dist.ctl("--host", api.addr().toString(), "--enc=json", "peers", "ls");

    assertThat(id.exitCode()).isZero();
    assertThat(id.out()).startsWith(ApiFixtures.P7 + " | alpha | Sees 1 other peers\n");
    assertThat(peers.exitCode()).isZero();
    assertThat(peers.out()).startsWith("{\n    \"id\": \"" + ApiFixtures.P7 + "\",\n");
  }

  @Test
  void apiError_andStreamTrailerError_exitTwo() throws Exception {
    api.on("GET", "/id", c -> c.json(401, "{\"code\":401,\"message\":\"unauthorized\"}"));
    api.on("GET", "/pins", c -> c.stream(List.of(ApiFixtures.GPI), "peer down"));

    Dist.Result id = Dist.ctl("--host", api.addr().toString(), "id");
    Dist.Result status = Dist.ctl("--host", api.addr().toString(), "status");

    assertThat(id.exitCode()).isEqualTo(2);
    assertThat(id.out()).contains("Code: 401\n  Message: unauthorized");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.out()).startsWith(ApiFixtures.CID + " | mypin:\n").contains("Code: 500");
  }

  @Test
  void helpAndCommands_asT0010() throws Exception {
    for (String form : List.of("--help", "-h", "h", "help")) {
      Dist.Result r = Dist.ctl(form);
      assertThat(r.exitCode()).as(form).isZero();
      assertThat(r.out().lines())
          .anyMatch(l -> l.matches("^(Usage|Commands|Global Options).*"))
          .allMatch(l -> l.length() <= 120);
    }
    Dist.Result commands = Dist.ctl("commands");
    assertThat(commands.out())
        .contains("ipfs-cluster-ctl id\n")
        .contains("ipfs-cluster-ctl peers\n")
        .contains("ipfs-cluster-ctl pin\n")
        .contains("ipfs-cluster-ctl status\n")
        .contains("ipfs-cluster-ctl recover\n")
        .contains("ipfs-cluster-ctl version\n")
        .contains("ipfs-cluster-ctl commands\n");
    assertThat(Dist.ctl("--version").out()).startsWith("ipfs-cluster-ctl version ");
  }

  @Test
  void unreachable_exitsOne() throws Exception {
    int port = api.port();
    api.close();

    Dist.Result r = Dist.ctl("--host", "/ip4/127.0.0.1/tcp/" + port, "version");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("Code: 0").contains("connection refused");
  }
}
