package io.ipfscluster.ipfs.embedded;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.ipfs.embedded.RpcClient.Part;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.node.TestDags;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code add} command of the embedded node's kubo RPC API over real HTTP: the lines kubo
 * prints, the options the cluster passes, and the inputs it refuses without keeping blocks.
 */
class EmbeddedIpfsNodeAddIT extends EmbeddedNodeApiFixture {
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
}
