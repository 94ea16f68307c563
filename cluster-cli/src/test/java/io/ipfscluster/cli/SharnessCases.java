package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-peer cases of the original's sharness suite (spec §9.1), run against the built {@code
 * ipfs-cluster-ctl} and {@code ipfs-cluster-service}, with CRDT consensus. Each subclass names the
 * IPFS node the peers use; what the sharness scripts do with the {@code ipfs} command goes to that
 * node's RPC API ({@link SharnessKubo}).
 *
 * <p>One daemon serves the cases that leave it running; they use distinct CIDs. The TLS and
 * credential cases (t0040, t0042, t0043) and the stopped-peer cases (t0052–t0054) start their own
 * peers. The {@code ctl add} cases (t0031) are in {@link SharnessAddCases}, the state cases t0053
 * and t0054 in {@link SharnessStateCases}, whose raft variants are in {@link SharnessRaftStateIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
abstract class SharnessCases implements SharnessAddCases, SharnessStateCases {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PIN_LIMIT = Duration.ofSeconds(60);

  /** The class's folder: every peer's configuration, the files the cases write. */
  Path dir;

  SharnessPeer peer;
  SharnessKubo ipfs;
  private final Random random = new Random(20261127);

  /** Points a peer's fresh {@code service.json} at the IPFS node of this class. */
  abstract void useIpfs(ObjectNode config);

  @BeforeAll
  void startSharedPeer(@TempDir Path classDir) throws Exception {
    dir = classDir;
    peer = SharnessPeer.init(dir.resolve("shared"), (d, config) -> useIpfs(config));
    peer.start();
    ipfs = new SharnessKubo(peer.ipfsApi());
  }

  @AfterAll
  void stopSharedPeer() throws Exception {
    if (peer != null) {
      peer.close();
    }
  }

  /**
   * A peer of its own for a case, configured for this class's IPFS node and then by {@code edit}.
   */
  SharnessPeer ownPeer(String name, SharnessPeer.Edit edit) throws Exception {
    return SharnessPeer.init(
        dir.resolve(name),
        (d, config) -> {
          useIpfs(config);
          edit.apply(d, config);
        });
  }

  @Override
  public SharnessPeer peer() {
    return peer;
  }

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public SharnessPeer statePeer(String name) throws Exception {
    return ownPeer(name, (d, config) -> {});
  }

  // ---- t0010-ctl-basic-commands

  @Test
  void t0010_ctlBasicCommands_helpVersionAndCommandList() throws Exception {
    assertThat(Files.isWritable(dir)).isTrue();
    Dist.Result version = Dist.ctl("--version");
    assertThat(version.exitCode()).as(version.all()).isZero();
    for (String form : List.of("--help", "-h", "h", "help")) {
      Dist.Result help = Dist.ctl(form);
      assertThat(help.exitCode()).as(form + ": " + help.all()).isZero();
      assertThat(help.out().lines())
          .as(form)
          .anyMatch(l -> l.matches("(?i)^(Usage|Commands|Global options).*"))
          .allMatch(l -> l.length() <= 120);
    }
    Dist.Result commands = Dist.ctl("commands");
    assertThat(commands.exitCode()).isZero();
    for (String cmd : List.of("id", "peers", "pin", "status", "recover", "version", "commands")) {
      assertThat(commands.out()).contains("ipfs-cluster-ctl " + cmd);
    }

    List<String> lines = commands.out().lines().filter(l -> !l.isBlank()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Dist.Result>> helps = new ArrayList<>();
      for (String line : lines) {
        String[] words = line.trim().split("\\s+");
        List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
        args.add("--help");
        helps.add(pool.submit(() -> Dist.ctl(args.toArray(String[]::new))));
      }
      for (int i = 0; i < lines.size(); i++) {
        Dist.Result help = helps.get(i).get();
        assertThat(help.out().lines())
            .as("%s --help", lines.get(i))
            .isNotEmpty()
            .allMatch(l -> l.length() <= 120);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- t0020-service-basic-commands

  @Test
  void t0020_serviceBasicCommands_identityHelpVersionAndNoCommand() throws Exception {
    JsonNode identity = JSON.readTree(peer.dir.resolve("identity.json").toFile());
    assertThat(identity.path("id").asText()).isNotEmpty();
    assertThat(identity.path("private_key").asText()).isNotEmpty();

    Dist.Result help = Dist.run("ipfs-cluster-service", null, Map.of(), "--help");
    assertThat(help.out().lines())
        .anyMatch(l -> l.matches("(?i)^(Usage|Commands|Description|Global Options).*"));

    String service = Dist.run("ipfs-cluster-service", null, Map.of(), "--version").out();
    String ctl = Dist.ctl("--version").out();
    assertThat(versionNumber(service)).isNotEmpty().isEqualTo(versionNumber(ctl));

    // "starting a second cluster-service process fails": no command, while the daemon runs
    assertThat(peer.service().exitCode()).isEqualTo(1);
  }

  private static String versionNumber(String text) {
    var m = java.util.regex.Pattern.compile("\\d+\\.\\d+\\.\\d+").matcher(text);
    return m.find() ? m.group() : "";
  }

  // ---- t0021-service-init

  @Test
  void t0021_serviceInit_peersForceAndConsensusSections() throws Exception {
    Path cfg = dir.resolve("t0021");
    String p1 =
        "/ip4/192.168.0.129/tcp/9196/p2p/12D3KooWRN8KRjpyg9rsW2w7StbBRGper65psTZm68cjud9KAkaW";
    String p2 =
        "/ip4/192.168.0.129/tcp/9196/p2p/12D3KooWPwrYNj7VficHw5qYidepMGA85756kYgMdNmRM9A1ZHjN";

    assertThat(Dist.service(cfg, "init", "--peers", p1 + "," + p2).exitCode()).isZero();
    assertThat(Files.readString(cfg.resolve("peerstore"))).contains(p1).contains(p2);

    assertThat(Dist.service(cfg, "init", "-f").exitCode()).isZero();
    assertThat(cfg.resolve("peerstore")).exists().isEmptyFile();

    // Only init (writing the section) here: running raft is issue 7.
    assertThat(Dist.service(cfg, "init", "-f", "--consensus", "raft").exitCode()).isZero();
    JsonNode raft = JSON.readTree(cfg.resolve("service.json").toFile()).path("consensus");
    assertThat(raft.has("raft")).isTrue();
    assertThat(raft.has("crdt")).isFalse();

    assertThat(Dist.service(cfg, "init", "-f", "--consensus", "crdt").exitCode()).isZero();
    JsonNode crdt = JSON.readTree(cfg.resolve("service.json").toFile()).path("consensus");
    assertThat(crdt.has("crdt")).isTrue();
    assertThat(crdt.has("raft")).isFalse();
  }

  // ---- t0025-ctl-status-report-commands

  @Test
  void t0025_ctlStatusReport_idPeersAndBadArguments() throws Exception {
    assertThat(peer.ctlOk("id")).contains(peer.id());
    assertThat(peer.ctlJson("peers", "ls")).hasSize(1);
    assertThat(peer.ctl("peers", "add").exitCode()).isNotZero();
    assertThat(peer.ctl("peers", "add", "XXXinvalid-peerXXX").exitCode()).isNotZero();
    assertThat(peer.ctl("peers", "rm").exitCode()).isNotZero();
    assertThat(peer.ctl("peers", "rm", "XXXinvalid-peerXXX").exitCode()).isNotZero();
    peer.ctlOk("status");
    assertThat(peer.ctl("status", "XXXinvalid-CIDXXX").exitCode()).isNotZero();
    peer.ctlOk("recover");
    peer.ctlOk("pin", "ls");
    assertThat(peer.ctl("pin", "ls", "XXXinvalid-CIDXXX").exitCode()).isNotZero();
  }

  // ---- t0030-ctl-pin

  @Test
  void t0030a_pinAddThenRm_listedAndPinned_thenGoneAndUnpinned() throws Exception {
    String cid = ipfs.add("test\n");

    peer.ctlOk("pin", "add", cid);

    assertThat(peer.ctlOk("pin", "ls", cid)).contains(cid);
    awaitStatus(cid, "PINNED");

    peer.ctlOk("pin", "rm", cid);

    assertThat(peer.ctl("pin", "ls", cid).out()).doesNotContain(cid + " |");
    awaitStatus(cid, "UNPINNED");
  }

  @Test
  void t0030b_pinAddAndRmWithWait_printPinnedAndUnpinned() throws Exception {
    for (List<String> wait :
        List.of(List.of("--wait"), List.of("--wait", "--wait-timeout", "2s"))) {
      byte[] twoMiB = new byte[2 << 20];
      random.nextBytes(twoMiB);
      String cid = ipfs.add(twoMiB);

      assertThat(peer.ctlOk(args("pin", "add", wait, cid))).contains(": PINNED |");
      assertThat(peer.ctlOk("pin", "ls", cid)).contains(cid);
      assertThat(peer.ctlOk("status", cid)).contains(": PINNED |");

      assertThat(peer.ctlOk(args("pin", "rm", wait, cid))).contains(": UNPINNED |");
      assertThat(peer.ctl("pin", "ls", cid).out()).doesNotContain(cid + " |");
      assertThat(peer.ctlOk("status", cid)).contains(": UNPINNED |");
    }
  }

  private static String[] args(String a, String b, List<String> middle, String last) {
    List<String> all = new ArrayList<>(List.of(a, b));
    all.addAll(middle);
    all.add(last);
    return all.toArray(String[]::new);
  }

  @Test
  void t0030c_pinAndUnpinByIpfsPath_actOnTheResolvedCid() throws Exception {
    Map<String, byte[]> tree = new LinkedHashMap<>();
    tree.put("test1", null);
    tree.put("test1/test2", null);
    tree.put("test1/test2/test3.txt", new byte[0]);
    List<String> cids = ipfs.addEntries(tree); // test3.txt, test2, test1
    String file = cids.get(0);
    String path = "/ipfs/" + cids.get(2) + "/test2/test3.txt";

    peer.ctlOk("pin", "add", path);

    assertThat(peer.ctlOk("pin", "ls", file)).contains(file);
    awaitStatus(file, "PINNED");

    String removed = peer.ctlOk("pin", "rm", path);

    assertThat(removed.split("\\s+")[0]).contains(file);
    assertThat(peer.ctl("pin", "ls", file).out()).doesNotContain(file + " |");
    awaitStatus(file, "UNPINNED");
  }

  @Test
  void t0030d_pinAndUnpinByIpnsPath_fail() throws Exception {
    String cid = ipfs.add("t0030 ipns\n");
    String name = "k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"; // not published

    Dist.Result pin = peer.ctl("pin", "add", "--wait", "--wait-timeout", "2s", "/ipns/" + name);
    Dist.Result unpin = peer.ctl("pin", "rm", "--wait", "--wait-timeout", "2s", "/ipns/" + name);

    assertThat(pin.exitCode()).as(pin.all()).isNotZero();
    assertThat(unpin.exitCode()).as(unpin.all()).isNotZero();
    assertThat(peer.ctl("pin", "ls", cid).out()).doesNotContain(cid + " |");
  }

  @Test
  void t0030e_pinWithUserAllocations_allocatedToThatPeerOnly() throws Exception {
    String cid = ipfs.add("t0030 allocations\n");
    String pid = peer.ctlJson("id").get(0).path("id").asText();

    peer.ctlOk("pin", "add", "--allocations", pid, "-r", "1", cid);

    assertThat(peer.ctlOk("pin", "ls", cid)).contains(cid);
    awaitStatus(cid, "PINNED");
    JsonNode allocations = peer.ctlJson("pin", "ls", cid).get(0).path("allocations");
    assertThat(allocations).hasSize(1);
    assertThat(allocations.get(0).asText()).isEqualTo(pid);
  }

  @Test
  void t0030f_pinUpdate_listsTheNewCid() throws Exception {
    String from = ipfs.add("t0030 update from\n");
    String to = ipfs.add("t0030 update to\n");
    peer.ctlOk("pin", "add", from);

    peer.ctlOk("pin", "update", from, to);

    assertThat(peer.ctlOk("pin", "ls", to)).contains(to);
  }

  @Test
  void t0030g_pinWithMetadata_listedAsMetadataYes() throws Exception {
    String with = ipfs.add("test3\n");
    String without = ipfs.add("test4\n");

    peer.ctlOk("pin", "add", "--metadata", "kind=text", with);
    peer.ctlOk("pin", "add", without);

    assertThat(peer.ctlOk("pin", "ls", with)).contains("Metadata: yes");
    assertThat(peer.ctlJson("pin", "ls", with).get(0).path("metadata").path("kind").asText())
        .isEqualTo("text");
    assertThat(peer.ctlOk("pin", "ls", without)).contains("Metadata: no");
  }

  @Test
  void t0030h_pinInDirectMode_directInClusterAndInIpfs() throws Exception {
    String cid = ipfs.add("test-pin-direct\n");

    peer.ctlOk("pin", "add", "--mode", "direct", cid);

    assertThat(peer.ctlOk("pin", "ls", cid)).contains("PIN-DIRECT");
    await()
        .atMost(PIN_LIMIT)
        .untilAsserted(() -> assertThat(ipfs.pinLs("direct", cid)).isEqualTo(cid + " direct"));
    assertThat(peer.ctlJson("pin", "ls", cid).get(0).path("mode").asText()).isEqualTo("direct");
  }

  /** Waits until {@code ctl status <cid>} shows {@code status} for the peer. */
  void awaitStatus(String cid, String status) {
    awaitStatus(peer, cid, status);
  }

  static void awaitStatus(SharnessPeer peer, String cid, String status) {
    await()
        .atMost(PIN_LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(peer.ctlOk("status", cid)).contains(": " + status + " |"));
  }

  // ---- t0032-ctl-health

  @Test
  void t0032_ctlHealth_graphMetricsAndAlerts() throws Exception {
    assertThat(peer.ctlOk("health", "graph")).contains("C0 -> I0");
    peer.ctlOk("health", "metrics", "ping");
    peer.ctlOk("health", "metrics", "freespace");
    assertThat(peer.ctlOk("health", "metrics").lines()).contains("freespace", "ping");
    String pid = peer.ctlJson("id").get(0).path("id").asText();
    // The sharness pattern is [0-9]+ (G|M|K)B, for kubo's 10 GB StorageMax; js-ipfs reports
    // 2^53-1 bytes, which the original's humanize prints as "9.0 PB".
    assertThat(peer.ctlOk("health", "metrics", "freespace").lines())
        .anyMatch(
            l ->
                l.matches(
                    "^"
                        + pid
                        + " \\| freespace: [0-9]+(\\.[0-9])? (P|T|G|M|K)B \\| Expires in: [0-9]+"
                        + " seconds from now"));
    peer.ctlOk("health", "alerts");
  }

  // ---- t0040/t0041/t0042/t0043: TLS and basic auth

  @Test
  void t0040_sslSimpleExchange_ctlOverHttpsSeesTheId() throws Exception {
    try (SharnessPeer tls = ownPeer("t0040", SharnessTls::enable)) {
      tls.start();

      Dist.Result id = tls.ctl("--https", "--no-check-certificate", "id");

      assertThat(id.exitCode()).as(id.all()).isZero();
      assertThat(id.out()).contains(tls.id());
    }
  }

  @Test
  void t0041_sslEnforcement_httpsAgainstPlainApiFails() throws Exception {
    Dist.Result id = peer.ctl("--https", "--no-check-certificate", "id");

    assertThat(id.exitCode()).as(id.all()).isNotZero();
  }

  @Test
  void t0042_basicAuth_badOrMissingCredentialsGet401_rightOnesPass() throws Exception {
    try (SharnessPeer auth = ownPeer("t0042", (d, config) -> testUser(config))) {
      auth.start();

      assertUnauthorized(auth.ctl("id"));
      for (String bad : List.of("testuser", "testuser:badpass", "baduser:testpass", "baduser:x")) {
        assertUnauthorized(auth.ctl("--basic-auth", bad, "--force-http", "id"));
      }
      Dist.Result flag = auth.ctl("--basic-auth", "testuser:testpass", "--force-http", "id");
      assertThat(flag.exitCode()).as(flag.all()).isZero();
      assertThat(flag.out()).contains(auth.id());
      Dist.Result env =
          auth.ctlWith(Map.of("CLUSTER_CREDENTIALS", "testuser:testpass"), "--force-http", "id");
      assertThat(env.exitCode()).as(env.all()).isZero();
      assertThat(env.out()).contains(auth.id());
    }
  }

  @Test
  void t0043_sslBasicAuth_badPasswordGets401_rightCredentialsPass() throws Exception {
    try (SharnessPeer both =
        ownPeer(
            "t0043",
            (d, config) -> {
              SharnessTls.enable(d, config);
              testUser(config);
            })) {
      both.start();

      assertUnauthorized(
          both.ctl("--no-check-certificate", "--basic-auth", "testuser:badpass", "id"));
      Dist.Result ok =
          both.ctl("--no-check-certificate", "--basic-auth", "testuser:testpass", "id");
      assertThat(ok.exitCode()).as(ok.all()).isZero();
      assertThat(ok.out()).contains(both.id());
    }
  }

  // ---- t0052: the export of a stopped peer (crdt); t0053 and t0054 are in SharnessStateCases

  @Test
  void t0052_stateExport_ofAStoppedPeer_hasThePinnedCid() throws Exception {
    try (SharnessPeer p = ownPeer("t0052", (d, config) -> {})) {
      p.start();
      String cid = new SharnessKubo(p.ipfsApi()).add("test_52-1\n");
      p.ctlOk("pin", "add", cid);
      p.stop();

      Path export = dir.resolve("t0052-export.json");
      Dist.Result r = p.service("state", "export", "-f", export.toString());

      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(jsonObjects(Files.readString(export)))
          .extracting(o -> o.path("cid").asText())
          .contains(cid);
    }
  }

  static List<JsonNode> jsonObjects(String text) throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = JSON.createParser(text)) {
      var it = JSON.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        objects.add(it.next());
      }
    }
    return objects;
  }

  private static void testUser(ObjectNode config) {
    ((ObjectNode) config.at("/api/restapi"))
        .putObject("basic_auth_credentials")
        .put("testuser", "testpass");
  }

  /** As the sharness checks it: the command fails, a line has 401 and the next unauthorized. */
  private static void assertUnauthorized(Dist.Result r) {
    assertThat(r.exitCode()).as(r.all()).isNotZero();
    List<String> lines = r.out().lines().toList();
    boolean found = false;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("401")) {
        found |= lines.get(i).toLowerCase().contains("unauthorized");
        found |= i + 1 < lines.size() && lines.get(i + 1).toLowerCase().contains("unauthorized");
      }
    }
    assertThat(found).as("401 then unauthorized in:\n%s", r.out()).isTrue();
  }
}
