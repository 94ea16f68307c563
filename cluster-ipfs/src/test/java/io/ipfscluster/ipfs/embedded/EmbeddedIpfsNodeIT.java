package io.ipfscluster.ipfs.embedded;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.embedded.RpcClient.Part;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.TestDags;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kubo RPC API of the embedded node over real HTTP, as kubo clients call it. */
@Timeout(60)
class EmbeddedIpfsNodeIT {
  private static final long STORAGE_MAX = 4L << 20;

  @TempDir Path repo;
  private EmbeddedIpfsNode node;
  private RpcClient rpc;

  @BeforeEach
  void start() {
    node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo)
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .withStorageMax(STORAGE_MAX)
                .withPinTimeout(Duration.ofMillis(500)),
            BlockSource.none());
    String port = node.apiAddresses().getFirst().toString().replaceAll(".*/tcp/", "");
    rpc = new RpcClient("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private void putBlocks(List<Block> blocks) throws Exception {
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(blocks.getLast().cid()));
    for (Block block : blocks) {
      writer.write(block);
    }
    Reply reply =
        rpc.postFiles(
            "/api/v0/dag/import?pin-roots=false", List.of(Part.file("x.car", car.toByteArray())));
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  @Test
  void id_answersThePeerIdAndKey() throws Exception {
    Reply reply = rpc.post("/api/v0/id");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode id = reply.json();
    assertThat(id.get("ID").asText()).isEqualTo(node.node().identity().peerId().toString());
    assertThat(id.get("PublicKey").asText()).startsWith("CAESI");
    assertThat(id.get("Addresses").isArray()).isTrue();
  }

  @Test
  void get_isRefusedWith405AsKuboDoes() throws Exception {
    Reply reply = rpc.get("/api/v0/version");

    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.text()).isEqualTo("405 - Method Not Allowed\n");
    assertThat(reply.header("Allow")).isEqualTo("OPTIONS, POST");
  }

  @Test
  void unknownCommand_is404() throws Exception {
    assertThat(rpc.post("/api/v0/no/such/command").status()).isEqualTo(404);
  }

  @Test
  void blockPut_thenGetStatRm() throws Exception {
    byte[] data = utf8("hello block");

    Reply put = rpc.postFiles("/api/v0/block/put", List.of(Part.file("blob", data)));

    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertThat(put.header("X-Chunked-Output")).isEqualTo("1");
    JsonNode stored = put.lines().getFirst();
    String key = stored.get("Key").asText();
    assertThat(key).isEqualTo(TestDags.rawLeaf(data).cid().toString());
    assertThat(stored.get("Size").asInt()).isEqualTo(data.length);

    Reply get = rpc.post("/api/v0/block/get?arg=" + key);
    assertThat(get.body()).isEqualTo(data);
    assertThat(get.header("X-Stream-Output")).isEqualTo("1");

    Reply stat = rpc.post("/api/v0/block/stat?arg=" + key);
    assertThat(stat.json().get("Size").asInt()).isEqualTo(data.length);

    Reply rm = rpc.post("/api/v0/block/rm?arg=" + key);
    assertThat(rm.lines().getFirst().toString()).isEqualTo("{\"Hash\":\"" + key + "\"}");
    assertThat(rpc.post("/api/v0/block/get?arg=" + key).json().get("Message").asText())
        .isEqualTo("block was not found locally (offline): ipld: could not find " + key);
  }

  @Test
  void blockPut_severalBlocksWithTheClustersParameters_storesAll() throws Exception {
    Dag dag = TestDags.file(1, 3, 100, false);
    List<Part> parts = new ArrayList<>();
    dag.blocks().forEach(b -> parts.add(Part.file("", b.data())));

    Reply put =
        rpc.postFiles(
            "/api/v0/block/put?cid-codec=dag-pb&mhtype=sha2-256&mhlen=-1&pin=false&allow-big-block=true",
            parts);

    assertThat(put.status()).as(put.text()).isEqualTo(200);
    assertThat(put.lines()).hasSize(4);
    assertThat(rpc.post("/api/v0/repo/stat").json().get("NumObjects").asLong()).isEqualTo(4);
  }

  @Test
  void blockPut_malformedDagPb_isRefusedAndStoresNothing() throws Exception {
    Reply put =
        rpc.postFiles(
            "/api/v0/block/put?cid-codec=dag-pb",
            List.of(
                Part.file("", TestDags.pbLeaf(utf8("ok")).data()),
                Part.file("", utf8("\u00ff\u00ff garbage"))));

    assertThat(put.status()).isEqualTo(500);
    JsonNode error = put.json();
    assertThat(error.get("Message").asText()).startsWith("block is not valid dag-pb");
    assertThat(error.get("Code").asInt()).isZero();
    assertThat(error.get("Type").asText()).isEqualTo("error");
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void blockPut_unknownHash_isRefusedNamingIt() throws Exception {
    Reply put = rpc.postFiles("/api/v0/block/put?mhtype=md5", List.of(Part.file("", utf8("x"))));

    assertThat(put.status()).isEqualTo(500);
    assertThat(put.json().get("Message").asText())
        .isEqualTo("unrecognized multihash function: md5");
  }

  @Test
  void blockPut_multipartCutShort_is400AndStoresNothing() throws Exception {
    byte[] body =
        RpcClient.multipart(List.of(Part.file("a", utf8("first")), Part.file("b", new byte[5000])));
    byte[] cut = Arrays.copyOf(body, body.length - 2500);

    Reply put =
        rpc.postRaw(
            "/api/v0/block/put",
            cut,
            "multipart/form-data; boundary=------------------------3f1c0a9b2e7d4c55");

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.json().get("Message").asText()).contains("cut short");
    assertThat(put.json().get("Code").asInt()).isEqualTo(1);
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void blockPut_pastStorageMax_failsNamingTheLimit() throws Exception {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] data = new byte[1 << 20];
      data[0] = (byte) i;
      parts.add(Part.file("", data));
    }

    Reply put = rpc.postFiles("/api/v0/block/put?allow-big-block=true", parts);

    assertThat(put.status()).isEqualTo(500);
    assertThat(put.json().get("Message").asText()).contains("Datastore.StorageMax");
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void pinAdd_pinLs_pinRm_roundTrip() throws Exception {
    Dag dag = TestDags.file(2, 3, 100, true);
    putBlocks(dag.blocks());
    String root = dag.root().toString();

    Reply add = rpc.post("/api/v0/pin/add?arg=" + root);
    assertThat(add.json().toString()).isEqualTo("{\"Pins\":[\"" + root + "\"]}");

    Reply ls = rpc.post("/api/v0/pin/ls?type=recursive");
    assertThat(ls.json().toString())
        .isEqualTo("{\"Keys\":{\"" + root + "\":{\"Type\":\"recursive\",\"Name\":\"\"}}}");

    Reply streamed = rpc.post("/api/v0/pin/ls?stream=true&arg=" + root + "&type=recursive");
    assertThat(streamed.lines().getFirst().toString())
        .isEqualTo("{\"Cid\":\"" + root + "\",\"Type\":\"recursive\"}");

    Reply indirect = rpc.post("/api/v0/pin/ls?arg=" + dag.blocks().getFirst().cid());
    assertThat(indirect.json().toString()).contains("indirect through " + root);

    Reply rm = rpc.post("/api/v0/pin/rm?arg=" + root);
    assertThat(rm.json().toString()).isEqualTo("{\"Pins\":[\"" + root + "\"]}");

    Reply gone = rpc.post("/api/v0/pin/ls?arg=" + root + "&type=recursive&stream=true");
    assertThat(gone.status()).isEqualTo(500);
    assertThat(gone.json().get("Message").asText()).isEqualTo("path '" + root + "' is not pinned");

    Reply again = rpc.post("/api/v0/pin/rm?arg=" + root);
    assertThat(again.json().get("Message").asText()).isEqualTo("not pinned or pinned indirectly");
  }

  @Test
  void pinAdd_withProgress_streamsProgressThenPins() throws Exception {
    Dag dag = TestDags.file(3, 5, 100, true);
    putBlocks(dag.blocks());

    Reply add = rpc.post("/api/v0/pin/add?arg=" + dag.root() + "&recursive=true&progress=true");

    assertThat(add.header("X-Chunked-Output")).isEqualTo("1");
    assertThat(add.header("Trailer")).isEqualTo("X-Stream-Error");
    List<JsonNode> lines = add.lines();
    assertThat(lines.getLast().toString()).isEqualTo("{\"Pins\":[\"" + dag.root() + "\"]}");
    assertThat(lines.get(lines.size() - 2).get("Progress").asInt()).isEqualTo(6);
  }

  @Test
  void pinAdd_missingDagWithoutBlockSource_failsAfterThePinTimeout() throws Exception {
    Dag dag = TestDags.file(4, 2, 100, true);

    Reply add = rpc.post("/api/v0/pin/add?arg=" + dag.root());

    assertThat(add.status()).isEqualTo(500);
    assertThat(add.json().get("Message").asText())
        .contains(dag.root().toString())
        .contains("no block source")
        .contains("pin timeout");
    assertThat(rpc.post("/api/v0/pin/ls?stream=true").text()).isEmpty();
  }

  @Test
  void pinUpdate_movesThePin() throws Exception {
    Dag from = TestDags.file(5, 2, 10, true);
    Dag to = TestDags.file(6, 2, 10, true);
    putBlocks(from.blocks());
    putBlocks(to.blocks());
    rpc.post("/api/v0/pin/add?arg=" + from.root());

    Reply update =
        rpc.post("/api/v0/pin/update?arg=" + from.root() + "&arg=" + to.root() + "&unpin=false");

    assertThat(update.json().toString())
        .isEqualTo("{\"Pins\":[\"" + from.root() + "\",\"" + to.root() + "\"]}");
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").lines()).hasSize(2);
    assertThat(rpc.post("/api/v0/pin/update?arg=" + from.root()).status()).isEqualTo(400);
  }

  @Test
  void pinVerify_reportsAWholeDag() throws Exception {
    Dag dag = TestDags.file(7, 2, 10, true);
    putBlocks(dag.blocks());
    rpc.post("/api/v0/pin/add?arg=" + dag.root());

    Reply verify = rpc.post("/api/v0/pin/verify?verbose=true");

    assertThat(verify.lines().getFirst().toString())
        .isEqualTo("{\"Cid\":\"" + dag.root() + "\",\"Ok\":true}");
  }

  @Test
  void repoStat_andConfigShow_reportStorageMax() throws Exception {
    JsonNode stat = rpc.post("/api/v0/repo/stat?size-only=true").json();
    assertThat(stat.get("RepoSize").asLong()).isZero();
    assertThat(stat.get("StorageMax").asLong()).isEqualTo(STORAGE_MAX);

    JsonNode config = rpc.post("/api/v0/config/show").json();
    assertThat(config.at("/Datastore/StorageMax").asText()).isEqualTo("4MiB");
    assertThat(config.at("/Identity/PrivKey").isMissingNode()).isTrue();

    JsonNode key = rpc.post("/api/v0/config?arg=Datastore.StorageMax").json();
    assertThat(key.get("Value").asText()).isEqualTo("4MiB");
  }

  @Test
  void repoGc_streamsTheRemovedBlocksAndKeepsPinnedOnes() throws Exception {
    Dag pinned = TestDags.file(8, 2, 10, true);
    Dag loose = TestDags.file(9, 2, 10, true);
    putBlocks(pinned.blocks());
    putBlocks(loose.blocks());
    rpc.post("/api/v0/pin/add?arg=" + pinned.root());

    Reply gc = rpc.post("/api/v0/repo/gc?stream-errors=true");

    assertThat(gc.status()).isEqualTo(200);
    assertThat(gc.lines())
        .hasSize(3)
        .allMatch(line -> line.at("/Key/~1").asText().startsWith("bafk"));
    assertThat(rpc.post("/api/v0/repo/stat").json().get("NumObjects").asLong()).isEqualTo(3);
  }

  @Test
  void dagImport_pinsTheRootAndReportsStats() throws Exception {
    Dag dag = TestDags.file(10, 3, 100, false);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(dag.root()));
    for (Block block : dag.blocks()) {
      writer.write(block);
    }

    Reply reply =
        rpc.postFiles(
            "/api/v0/dag/import?stats=true", List.of(Part.file("dag.car", car.toByteArray())));

    List<JsonNode> lines = reply.lines();
    assertThat(lines.get(0).toString())
        .isEqualTo("{\"Root\":{\"Cid\":{\"/\":\"" + dag.root() + "\"},\"PinErrorMsg\":\"\"}}");
    assertThat(lines.get(1).at("/Stats/BlockCount").asInt()).isEqualTo(4);
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").lines()).hasSize(1);
  }

  @Test
  void dagImport_truncatedCar_failsAndLeavesNothing() throws Exception {
    Dag dag = TestDags.file(11, 3, 1000, true);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(dag.root()));
    for (Block block : dag.blocks()) {
      writer.write(block);
    }
    byte[] truncated = Arrays.copyOf(car.toByteArray(), car.size() - 30);

    Reply reply = rpc.postFiles("/api/v0/dag/import", List.of(Part.file("dag.car", truncated)));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("Message").asText()).isNotBlank();
    assertThat(node.node().usage().blocks()).isZero();
    assertThat(rpc.post("/api/v0/pin/ls?stream=true").text()).isEmpty();
  }

  @Test
  void dagImport_blockThatDoesNotMatchItsCid_failsNamingItAndLeavesNothing() throws Exception {
    Block good = TestDags.rawLeaf(utf8("good"));
    Block lying = new Block(TestDags.rawLeaf(utf8("claimed")).cid(), utf8("actual"));
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(good.cid()));
    writer.write(good);
    writer.write(lying);

    Reply reply =
        rpc.postFiles("/api/v0/dag/import", List.of(Part.file("bad.car", car.toByteArray())));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("Message").asText()).contains(lying.cid().toString());
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void dagImport_codecThisNodeCannotRead_isRefusedNamingIt() throws Exception {
    byte[] data = utf8("tree 1234");
    Block git =
        new Block(
            Cid.v1(
                0x78,
                io.ipfscluster.multiformats.Multihash.compute(
                    io.ipfscluster.multiformats.HashFunction.SHA2_256, data)),
            data);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(git.cid()));
    writer.write(git);

    Reply reply =
        rpc.postFiles("/api/v0/dag/import", List.of(Part.file("git.car", car.toByteArray())));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("Message").asText()).contains("unsupported codec git-raw");
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void catAndResolve_followUnixfsDirectories() throws Exception {
    Dag file = TestDags.file(12, 3, 1000, false);
    Block readme = TestDags.pbLeaf(utf8("read me"));
    Map<String, Block> entries = new LinkedHashMap<>();
    entries.put("data.bin", file.rootBlock());
    entries.put("README", readme);
    Block dir = TestDags.directory(entries);
    List<Block> all = new ArrayList<>(file.blocks());
    all.add(readme);
    all.add(dir);
    putBlocks(all);

    Reply resolved = rpc.post("/api/v0/resolve?arg=/ipfs/" + dir.cid() + "/data.bin");
    assertThat(resolved.json().get("Path").asText()).isEqualTo("/ipfs/" + file.root());

    Reply cat = rpc.post("/api/v0/cat?arg=/ipfs/" + dir.cid() + "/README");
    assertThat(cat.text()).isEqualTo("read me");
    assertThat(cat.header("X-Content-Length")).isEqualTo("7");

    Reply part = rpc.post("/api/v0/cat?arg=" + file.root() + "&offset=900&length=200");
    assertThat(part.body()).hasSize(200);

    Reply ofDir = rpc.post("/api/v0/cat?arg=" + dir.cid());
    assertThat(ofDir.json().get("Message").asText()).isEqualTo("this dag node is a directory");
  }

  @Test
  void refs_recursiveUnique_listsEveryLinkOnce() throws Exception {
    Dag dag = TestDags.wide(13, 2, 3, 10);
    putBlocks(dag.blocks());

    Reply refs = rpc.post("/api/v0/refs?recursive=true&unique=true&arg=" + dag.root());

    assertThat(refs.lines()).hasSize(8).allMatch(l -> l.get("Err").asText().isEmpty());
  }

  @Test
  void swarm_answersAsAnIsolatedNode() throws Exception {
    assertThat(rpc.post("/api/v0/swarm/peers").json().toString()).isEqualTo("{\"Peers\":[]}");

    Reply connect =
        rpc.post(
            "/api/v0/swarm/connect?arg=/ip4/127.0.0.1/tcp/4001/p2p/"
                + node.node().identity().peerId());
    assertThat(connect.status()).isEqualTo(500);
    assertThat(connect.json().get("Message").asText()).contains("does not join the IPFS network");
  }

  @Test
  void dagGet_printsDagJson() throws Exception {
    Block leaf = TestDags.rawLeaf(utf8("hi"));
    putBlocks(List.of(leaf));

    Reply get = rpc.post("/api/v0/dag/get?arg=" + leaf.cid());

    assertThat(get.text()).isEqualTo("{\"/\":{\"bytes\":\"aGk\"}}");
  }

  @Test
  void pathArgument_inTheUrlWorksAsKubosDoes() throws Exception {
    Block leaf = TestDags.rawLeaf(utf8("via path"));
    putBlocks(List.of(leaf));

    assertThat(rpc.post("/api/v0/block/stat/" + leaf.cid()).json().get("Size").asInt())
        .isEqualTo(8);
  }

  @Test
  void invalidCid_failsNamingIt() throws Exception {
    Reply reply = rpc.post("/api/v0/pin/add?arg=notacid");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("Message").asText()).startsWith("invalid path \"notacid\"");
  }

  @Test
  void missingArgument_is400WithKubosMessage() throws Exception {
    Reply reply = rpc.post("/api/v0/pin/add");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("Message").asText())
        .isEqualTo("argument \"ipfs-path\" is required");
  }

  @Test
  void add_file_answersKubosLineAndPinsIt() throws Exception {
    Reply add =
        rpc.postFiles(
            "/api/v0/add?stream-channels=true&progress=false",
            List.of(Part.file("hello.txt", utf8("hello world\n"))));

    assertThat(add.status()).as(add.text()).isEqualTo(200);
    assertThat(add.header("X-Chunked-Output")).isEqualTo("1");
    assertThat(add.lines().getLast().toString())
        .isEqualTo(
            "{\"Name\":\"hello.txt\",\"Hash\":\"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o\","
                + "\"Size\":\"20\"}");
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").text())
        .contains("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(rpc.post("/api/v0/cat?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").text())
        .isEqualTo("hello world\n");
  }

  @Test
  void add_cidVersion1_usesRawLeaves() throws Exception {
    byte[] data = utf8("hello world\n");

    Reply add = rpc.postFiles("/api/v0/add?cid-version=1", List.of(Part.file("h", data)));

    assertThat(add.lines().getLast().get("Hash").asText())
        .isEqualTo(TestDags.rawLeaf(data).cid().toString());
  }

  @Test
  void add_wrapped_pinsOnlyTheWrappingDirectory() throws Exception {
    Reply add =
        rpc.postFiles(
            "/api/v0/add?wrap-with-directory=true",
            List.of(Part.file("a.txt", utf8("a")), Part.file("b.txt", utf8("b"))));

    List<JsonNode> lines = add.lines();
    assertThat(lines).extracting(l -> l.get("Name").asText()).containsExactly("a.txt", "b.txt", "");
    String wrapper = lines.getLast().get("Hash").asText();
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").lines())
        .extracting(l -> l.get("Cid").asText())
        .containsExactly(wrapper);
    assertThat(rpc.post("/api/v0/cat?arg=/ipfs/" + wrapper + "/b.txt").text()).isEqualTo("b");
  }

  @Test
  void add_directoryTree_pinsTheTopDirectory() throws Exception {
    Reply add =
        rpc.postFiles(
            "/api/v0/add",
            List.of(
                Part.directory("d"),
                Part.file("d/x.txt", utf8("x")),
                Part.directory("d/sub"),
                Part.file("d/sub/y.txt", utf8("y"))));

    List<JsonNode> lines = add.lines();
    assertThat(lines.getLast().get("Name").asText()).isEqualTo("d");
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").lines())
        .extracting(l -> l.get("Cid").asText())
        .containsExactly(lines.getLast().get("Hash").asText());
  }

  @Test
  void add_onlyHash_storesAndPinsNothing() throws Exception {
    Reply add =
        rpc.postFiles("/api/v0/add?only-hash=true", List.of(Part.file("h", utf8("hello world\n"))));

    assertThat(add.lines().getLast().get("Hash").asText())
        .isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(node.node().usage().blocks()).isZero();
    assertThat(rpc.post("/api/v0/pin/ls?stream=true").text()).isEmpty();
  }

  @Test
  void add_withProgress_streamsBytesLines() throws Exception {
    Reply add =
        rpc.postFiles("/api/v0/add?progress=true", List.of(Part.file("big", new byte[600_000])));

    assertThat(add.lines())
        .filteredOn(l -> l.has("Bytes"))
        .isNotEmpty()
        .allMatch(l -> l.get("Name").asText().equals("big"));
  }

  @Test
  void add_unknownChunker_failsNamingItAndStoresNothing() throws Exception {
    Reply add =
        rpc.postFiles("/api/v0/add?chunker=size-banana", List.of(Part.file("h", utf8("x"))));

    assertThat(add.status()).isEqualTo(500);
    assertThat(add.json().get("Message").asText()).contains("size-banana");
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void add_unknownHash_failsNamingIt() throws Exception {
    Reply add = rpc.postFiles("/api/v0/add?hash=md4", List.of(Part.file("h", utf8("x"))));

    assertThat(add.json().get("Message").asText()).isEqualTo("unrecognized hash function: \"md4\"");
  }

  @Test
  void add_bodyCutShort_isRefusedAndTakesBackItsBlocks() throws Exception {
    byte[] body = RpcClient.multipart(List.of(Part.file("big", new byte[3 << 20])));
    byte[] cut = Arrays.copyOf(body, 2 << 20);

    Reply add =
        rpc.postRaw(
            "/api/v0/add",
            cut,
            "multipart/form-data; boundary=------------------------3f1c0a9b2e7d4c55");

    assertThat(add.status()).isEqualTo(400);
    assertThat(add.json().get("Message").asText()).contains("cut short");
    assertThat(node.node().usage().blocks()).isZero();
    assertThat(rpc.post("/api/v0/pin/ls?stream=true").text()).isEmpty();
  }

  @Test
  void add_withoutFiles_is400AsKubo() throws Exception {
    Reply add = rpc.post("/api/v0/add");

    assertThat(add.status()).isEqualTo(400);
    assertThat(add.json().get("Message").asText()).isEqualTo("file argument 'path' is required");
  }

  static Cid cid(String text) {
    return Cid.parse(text);
  }
}
