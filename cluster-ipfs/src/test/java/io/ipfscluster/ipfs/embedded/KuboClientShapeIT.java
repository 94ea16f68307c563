package io.ipfscluster.ipfs.embedded;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.ipfs.embedded.RpcClient.Part;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thirteen calls that {@code kubo-rpc-client} 7.1.0 and {@code ipfs-http-client} 60.0.1 make,
 * with their exact query strings (research/dependencies.md §B.5), in the order a client session
 * makes them, checking the fields those clients read.
 */
@Timeout(60)
class KuboClientShapeIT {
  @TempDir Path repo;

  @Test
  void aKuboRpcClientSession_getsTheShapesItParses() throws Exception {
    try (EmbeddedIpfsNode node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo)
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            BlockSource.none())) {
      String port = node.apiAddresses().getFirst().toString().replaceAll(".*/tcp/", "");
      RpcClient c = new RpcClient("http://127.0.0.1:" + port);

      JsonNode version = c.post("/api/v0/version").json();
      assertThat(version.get("Version").asText()).isNotEmpty();

      JsonNode id = c.post("/api/v0/id").json();
      assertThat(id.get("ID").asText()).startsWith("12D3KooW");
      assertThat(id.get("Addresses").isArray()).isTrue();

      Reply add =
          c.postFiles(
              "/api/v0/add?stream-channels=true&progress=false",
              List.of(Part.file("small.txt", utf8("hello ipfs cluster\n"))));
      JsonNode added = add.lines().getLast();
      String cid = added.get("Hash").asText();
      assertThat(added.get("Name").asText()).isEqualTo("small.txt");
      assertThat(added.get("Size").isTextual()).isTrue();

      JsonNode pinned = c.post("/api/v0/pin/add?recursive=true&stream=true&arg=" + cid).json();
      assertThat(pinned.get("Pins").get(0).asText()).isEqualTo(cid);

      List<JsonNode> pins = c.post("/api/v0/pin/ls?type=recursive&names=false&stream=true").lines();
      assertThat(pins).anySatisfy(p -> assertThat(p.get("Cid").asText()).isEqualTo(cid));
      assertThat(pins).allSatisfy(p -> assertThat(p.get("Type").asText()).isEqualTo("recursive"));
      assertThat(c.post("/api/v0/pin/ls?type=recursive&stream=true").lines()).hasSameSizeAs(pins);

      JsonNode removed = c.post("/api/v0/pin/rm?recursive=true&arg=" + cid).json();
      assertThat(removed.get("Pins").get(0).asText()).isEqualTo(cid);

      JsonNode block =
          c.postFiles("/api/v0/block/put", List.of(Part.file("data", utf8("blk"))))
              .lines()
              .getFirst();
      String key = block.get("Key").asText();
      assertThat(key).startsWith("bafkrei");
      assertThat(block.get("Size").asInt()).isEqualTo(3);

      JsonNode stat = c.post("/api/v0/block/stat?arg=" + key).json();
      assertThat(stat.get("Key").asText()).isEqualTo(key);
      assertThat(stat.get("Size").asInt()).isEqualTo(3);

      JsonNode repoStat = c.post("/api/v0/repo/stat").json();
      assertThat(repoStat.get("RepoSize").isNumber()).isTrue();
      assertThat(repoStat.get("StorageMax").isNumber()).isTrue();
      assertThat(repoStat.get("NumObjects").asLong()).isEqualTo(2);
      assertThat(repoStat.get("Version").asText()).startsWith("fs-repo@");

      assertThat(c.post("/api/v0/swarm/peers").json().get("Peers").isArray()).isTrue();

      JsonNode config = c.post("/api/v0/config/show").json();
      assertThat(config.at("/Identity/PeerID").asText()).isEqualTo(id.get("ID").asText());

      Reply refs = c.post("/api/v0/refs?recursive=true&arg=" + cid);
      assertThat(refs.status()).isEqualTo(200);
      assertThat(refs.lines()).isEmpty(); // a one-block file has no links

      List<JsonNode> collected = c.post("/api/v0/repo/gc").lines();
      assertThat(collected).hasSize(2);
      assertThat(collected)
          .allSatisfy(k -> assertThat(k.at("/Key/~1").asText()).startsWith("bafkrei"));
    }
  }
}
