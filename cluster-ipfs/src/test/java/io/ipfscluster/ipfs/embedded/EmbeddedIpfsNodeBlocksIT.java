package io.ipfscluster.ipfs.embedded;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.embedded.RpcClient.Part;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.node.TestDags;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The block and DAG commands of the embedded node's kubo RPC API over real HTTP: {@code block/put},
 * {@code block/get|stat|rm}, {@code dag/import} and {@code dag/get}, with the inputs they refuse.
 */
class EmbeddedIpfsNodeBlocksIT extends EmbeddedNodeApiFixture {
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
  void dagImport_pinsTheRootAndReportsStats() throws Exception {
    Dag dag = TestDags.file(10, 3, 100, false);
    byte[] car = car(dag.root(), dag.blocks());

    Reply reply =
        rpc.postFiles("/api/v0/dag/import?stats=true", List.of(Part.file("dag.car", car)));

    List<JsonNode> lines = reply.lines();
    assertThat(lines.get(0).toString())
        .isEqualTo("{\"Root\":{\"Cid\":{\"/\":\"" + dag.root() + "\"},\"PinErrorMsg\":\"\"}}");
    assertThat(lines.get(1).at("/Stats/BlockCount").asInt()).isEqualTo(4);
    assertThat(rpc.post("/api/v0/pin/ls?type=recursive&stream=true").lines()).hasSize(1);
  }

  @Test
  void dagImport_truncatedCar_failsAndLeavesNothing() throws Exception {
    Dag dag = TestDags.file(11, 3, 1000, true);
    byte[] car = car(dag.root(), dag.blocks());
    byte[] truncated = Arrays.copyOf(car, car.length - 30);

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
    byte[] car = car(good.cid(), List.of(good, lying));

    Reply reply = rpc.postFiles("/api/v0/dag/import", List.of(Part.file("bad.car", car)));

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
    byte[] car = car(git.cid(), List.of(git));

    Reply reply = rpc.postFiles("/api/v0/dag/import", List.of(Part.file("git.car", car)));

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.json().get("Message").asText()).contains("unsupported codec git-raw");
    assertThat(node.node().usage().blocks()).isZero();
  }

  @Test
  void dagGet_printsDagJson() throws Exception {
    Block leaf = TestDags.rawLeaf(utf8("hi"));
    putBlocks(List.of(leaf));

    Reply get = rpc.post("/api/v0/dag/get?arg=" + leaf.cid());

    assertThat(get.text()).isEqualTo("{\"/\":{\"bytes\":\"aGk\"}}");
  }
}
