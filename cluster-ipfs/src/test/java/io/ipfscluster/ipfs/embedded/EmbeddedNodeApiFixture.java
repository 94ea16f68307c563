package io.ipfscluster.ipfs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.embedded.RpcClient.Part;
import io.ipfscluster.ipfs.embedded.RpcClient.Reply;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh embedded node for every test, with no block source, a {@value #STORAGE_MAX}-byte storage
 * limit and a short pin timeout, and a client of its kubo RPC API over real HTTP. The {@code
 * EmbeddedIpfsNode*IT} classes extend it. Not thread-safe (one instance per test).
 */
@Timeout(60)
abstract class EmbeddedNodeApiFixture {
  static final long STORAGE_MAX = 4L << 20;

  @TempDir Path repo;
  EmbeddedIpfsNode node;
  RpcClient rpc;

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

  /** Stores {@code blocks} through {@code dag/import}, without pinning; the last is the root. */
  void putBlocks(List<Block> blocks) throws Exception {
    Reply reply =
        rpc.postFiles(
            "/api/v0/dag/import?pin-roots=false",
            List.of(Part.file("x.car", car(blocks.getLast().cid(), blocks))));
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
  }

  /** A CAR file naming {@code root} and holding {@code blocks} in order. */
  static byte[] car(Cid root, List<Block> blocks) throws Exception {
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(root));
    for (Block block : blocks) {
      writer.write(block);
    }
    return car.toByteArray();
  }
}
