package io.ipfscluster.ipfs.embedded;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.node.TestDags;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kubo RPC API of the embedded node over real HTTP, as kubo clients call it: identity, errors,
 * pins, the repository, paths and the swarm. Blocks and DAG import are in {@link
 * EmbeddedIpfsNodeBlocksIT}, {@code add} in {@link EmbeddedIpfsNodeAddIT}.
 */
class EmbeddedIpfsNodeIT extends EmbeddedNodeApiFixture {
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
}
