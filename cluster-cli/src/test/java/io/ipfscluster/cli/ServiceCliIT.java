package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the built {@code ipfs-cluster-service} as a user would (spec §7.1, §9.1 t0020/t0021). */
class ServiceCliIT {
  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void init_createsTheThreeFiles_andRefusesToOverwriteWithoutForce() throws Exception {
    Path cfg = dir.resolve("cfg");

    Dist.Result first = Dist.service(cfg, "init");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out())
        .contains("configuration written to " + cfg.resolve("service.json"))
        .contains("new identity written to " + cfg.resolve("identity.json"))
        .contains("new empty peerstore written to " + cfg.resolve("peerstore"));
    JsonNode identity = JSON.readTree(cfg.resolve("identity.json").toFile());
    assertThat(identity.path("id").asText()).startsWith("12D3KooW");
    assertThat(identity.path("private_key").asText()).isNotEmpty();
    String config = Files.readString(cfg.resolve("service.json"));

    Dist.Result again = Dist.service(cfg, "init");

    assertThat(again.exitCode()).isNotZero();
    assertThat(Files.readString(cfg.resolve("service.json"))).isEqualTo(config);
  }

  @Test
  void init_force_keepsIdentity_andWritesPeers() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    String identity = Files.readString(cfg.resolve("identity.json"));

    Dist.Result r =
        Dist.service(
            cfg,
            "init",
            "-f",
            "--peers",
            "/ip4/10.0.0.1/tcp/9096/p2p/" + PEER + ",/dns4/b.example/tcp/9096/p2p/" + PEER);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("with 2 entries");
    assertThat(Files.readString(cfg.resolve("identity.json"))).isEqualTo(identity);
    assertThat(Files.readAllLines(cfg.resolve("peerstore"))).hasSize(2);
    JsonNode trusted =
        JSON.readTree(cfg.resolve("service.json").toFile()).at("/consensus/crdt/trusted_peers");
    assertThat(trusted.toString()).isEqualTo("[\"" + PEER + "\"]");
  }

  @Test
  void init_raft_writesOnlyTheRaftSection_andEnvironmentApplies() throws Exception {
    Path cfg = dir.resolve("cfg");
    String secret = "ab".repeat(32);

    Dist.Result r =
        Dist.run(
            "ipfs-cluster-service",
            null,
            Map.of("CLUSTER_SECRET", secret, "CLUSTER_PEERNAME", "peer-one"),
            "-c",
            cfg.toString(),
            "init",
            "--consensus",
            "raft");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonNode config = JSON.readTree(cfg.resolve("service.json").toFile());
    assertThat(config.path("consensus").fieldNames()).toIterable().containsExactly("raft");
    assertThat(config.at("/cluster/secret").asText()).isEqualTo(secret);
    assertThat(config.at("/cluster/peername").asText()).isEqualTo("peer-one");
  }

  @Test
  void stateImportThenExport_100000Pins_givesTheSamePins() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    Path pins = dir.resolve("pins.ndjson");
    Set<String> cids = new HashSet<>();
    try (BufferedWriter w = Files.newBufferedWriter(pins)) {
      for (int i = 0; i < 100_000; i++) {
        String cid = TestCids.rawCid(i);
        cids.add(cid);
        w.write(
            "{\"cid\":\""
                + cid
                + "\",\"name\":\"pin "
                + i
                + "\",\"allocations\":[\""
                + PEER
                + "\"],\"replication_factor_min\":2,\"replication_factor_max\":3}\n");
      }
    }

    Dist.Result imported = Dist.service(cfg, "state", "import", "-f", pins.toString());
    assertThat(imported.exitCode()).as(imported.all()).isZero();
    Path out = dir.resolve("export.ndjson");
    Dist.Result exported = Dist.service(cfg, "state", "export", "-f", out.toString());
    assertThat(exported.exitCode()).as(exported.all()).isZero();

    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(100_000);
    Set<String> got = new HashSet<>();
    for (String line : lines) {
      JsonNode pin = JSON.readTree(line);
      got.add(pin.path("cid").asText());
      assertThat(pin.path("allocations").get(0).asText()).isEqualTo(PEER);
      assertThat(pin.path("replication_factor_max").asInt()).isEqualTo(3);
    }
    assertThat(got).isEqualTo(cids);
  }

  @Test
  void stateImport_invalidLine_exitsOneNamingIt_andStateIsUnchanged() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    Path good = dir.resolve("good.ndjson");
    Files.writeString(good, "{\"cid\":\"" + TestCids.rawCid(1) + "\"}\n");
    assertThat(Dist.service(cfg, "state", "import", "-f", good.toString()).exitCode()).isZero();
    Path bad = dir.resolve("bad.ndjson");
    Files.writeString(
        bad,
        "{\"cid\":\""
            + TestCids.rawCid(2)
            + "\"}\n{\"cid\":\""
            + TestCids.rawCid(3)
            + "\"}\n"
            + "{\"cid\":\"not-a-cid\"}\n");

    Dist.Result r = Dist.service(cfg, "state", "import", "-f", bad.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("line 3").contains("not-a-cid");
    Dist.Result export = Dist.service(cfg, "state", "export");
    assertThat(export.out().lines()).hasSize(1).allMatch(l -> l.contains(TestCids.rawCid(1)));
  }

  @Test
  void stateImport_notJson_exitsOne() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "this is not json\n");

    assertThat(Dist.service(cfg, "state", "import", "-f", bad.toString()).exitCode()).isEqualTo(1);
  }

  @Test
  void stateCleanup_removesEveryPin() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    Path pins = dir.resolve("p.ndjson");
    Files.writeString(pins, "{\"cid\":\"" + TestCids.rawCid(1) + "\"}\n");
    Dist.service(cfg, "state", "import", "-f", pins.toString());

    assertThat(Dist.service(cfg, "state", "cleanup", "-f").exitCode()).isZero();

    assertThat(Dist.service(cfg, "state", "export").out()).isEmpty();
  }

  @Test
  void stateCrdtInfo_afterImport_printsPinsHeadsVectorAndDigest() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    String empty = Dist.service(cfg, "state", "crdt", "info").out();
    Path pins = dir.resolve("p.ndjson");
    Files.writeString(
        pins,
        "{\"cid\":\"" + TestCids.rawCid(1) + "\"}\n{\"cid\":\"" + TestCids.rawCid(2) + "\"}\n");
    Dist.service(cfg, "state", "import", "-f", pins.toString());

    Dist.Result info = Dist.service(cfg, "state", "crdt", "info");

    assertThat(info.exitCode()).as(info.all()).isZero();
    assertThat(empty).contains("pins: 0", "heads: 0", "version vector: 0 writer(s)");
    assertThat(info.out())
        .contains("pins: 2", "heads: 1", "version vector: 1 writer(s)", "pending blocks: 0")
        .containsPattern("state digest: [0-9a-f]{64}");
    String digest = info.out().lines().filter(l -> l.startsWith("state digest")).findFirst().get();
    assertThat(empty).doesNotContain(digest);
  }

  @Test
  void stateCrdtInfo_onARaftPeer_exitsOne() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init", "--consensus", "raft");

    Dist.Result r = Dist.service(cfg, "state", "crdt", "info");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("does not use the crdt consensus");
  }

  @Test
  void stateImportThenExport_onARaftPeer_givesTheSamePins() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init", "--consensus", "raft");
    Path pins = dir.resolve("p.ndjson");
    Files.writeString(
        pins,
        "{\"cid\":\"" + TestCids.rawCid(1) + "\"}\n{\"cid\":\"" + TestCids.rawCid(2) + "\"}\n");

    Dist.Result imported = Dist.service(cfg, "state", "import", "-f", pins.toString());

    assertThat(imported.exitCode()).as(imported.all()).isZero();
    assertThat(Dist.service(cfg, "state", "export").out().lines()).hasSize(2);
  }

  @Test
  void noSubcommand_printsHelpAndExitsOne() throws Exception {
    Dist.Result r = Dist.service(dir.resolve("cfg"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("Usage:");
  }

  @Test
  void help_hasTheOriginalsSections_within120Columns() throws Exception {
    Dist.Result r = Dist.run("ipfs-cluster-service", null, Map.of(), "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines())
        .anyMatch(l -> l.startsWith("Usage"))
        .anyMatch(l -> l.startsWith("Commands"))
        .anyMatch(l -> l.startsWith("Description"))
        .anyMatch(l -> l.startsWith("Global Options"))
        .allMatch(l -> l.length() <= 120);
    for (String cmd : List.of("init", "daemon", "state", "version")) {
      Dist.Result sub = Dist.run("ipfs-cluster-service", null, Map.of(), cmd, "--help");
      assertThat(sub.exitCode()).as(cmd).isZero();
      assertThat(sub.out().lines()).as(cmd).allMatch(l -> l.length() <= 120);
    }
  }

  @Test
  void versions_ofServiceAndCtl_areEqual() throws Exception {
    String service = Dist.run("ipfs-cluster-service", null, Map.of(), "--version").out();
    String ctl = Dist.run("ipfs-cluster-ctl", null, Map.of(), "--version").out();
    String bare = Dist.run("ipfs-cluster-service", null, Map.of(), "version").out().trim();

    assertThat(service).matches("ipfs-cluster-service version \\d+\\.\\d+\\.\\d+\\s*");
    assertThat(ctl.replace("ipfs-cluster-ctl", "ipfs-cluster-service")).isEqualTo(service);
    assertThat(service).contains(bare);
  }

  @Test
  void ctlHelp_hasTheOriginalsSections_within120Columns() throws Exception {
    for (String flag : List.of("--help", "-h")) {
      Dist.Result r = Dist.run("ipfs-cluster-ctl", null, Map.of(), flag);
      assertThat(r.exitCode()).isZero();
      assertThat(r.out().lines())
          .anyMatch(l -> l.startsWith("Usage"))
          .anyMatch(l -> l.startsWith("Commands"))
          .anyMatch(l -> l.startsWith("Global Options"))
          .allMatch(l -> l.length() <= 120);
    }
  }

  @Test
  void stateCommand_whileAnotherHoldsTheLock_exitsOne() throws Exception {
    Path cfg = dir.resolve("cfg");
    Dist.service(cfg, "init");
    try (ClusterLock lock = ClusterLock.acquire(cfg)) {
      Dist.Result r = Dist.service(cfg, "state", "export");

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("cannot acquire lock file");
    }
  }
}
