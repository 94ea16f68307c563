package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The connector against {@link FakeKubo}: identity, readiness, repository, swarm, config, paths and
 * blocks.
 */
class IpfsHttpConnectorTest extends ConnectorTestSupport {

  // --- id and readiness

  @Test
  void id_readsPeerIdAndAddresses_skippingInvalidOnes() {
    kubo.answer(
        "id",
        "{\"ID\":\""
            + PEER
            + "\",\"Addresses\":[\"/ip4/127.0.0.1/tcp/4001\",\"not-an-address\"],"
            + "\"AgentVersion\":\"kubo/0.30.0\"}");

    IpfsInfo info = connect().id();

    assertThat(info.id()).isEqualTo(PeerId.parse(PEER));
    assertThat(info.addresses()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    assertThat(kubo.calls("id")).allMatch(c -> c.equals("id"));
  }

  @Test
  void ready_pollsIdUntilTheNodeAnswers() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    kubo.on(
        "id",
        c -> {
          if (attempts.incrementAndGet() < 2) {
            c.json(500, "{\"Message\":\"starting\",\"Code\":0,\"Type\":\"error\"}");
          } else {
            c.json(200, "{\"ID\":\"" + PEER + "\",\"Addresses\":[]}");
          }
        });

    IpfsHttpConnector ipfs = started(kubo.address(), s -> s, PeerHooks.none());

    assertThat(ipfs.ready()).isFalse();
    assertThat(ipfs.awaitReady(Duration.ofSeconds(10))).isTrue();
    assertThat(ipfs.ready()).isTrue();
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  void start_connectsSwarmsAfterTheDelay_toThePeersAddresses() {
    kubo.answer("id", "{\"ID\":\"" + PEER + "\",\"Addresses\":[]}");
    kubo.answer("swarm/connect", "{\"Strings\":[\"connect success\"]}");
    Multiaddr other = Multiaddr.parse("/ip4/127.0.0.2/tcp/4001/p2p/" + PEER);
    PeerHooks hooks = new PeerHooks("test", () -> {}, () -> List.of(other));

    started(kubo.address(), s -> s.withConnectSwarmsDelay(Duration.ofMillis(50)), hooks);

    await().atMost(Duration.ofSeconds(10)).until(() -> kubo.calls("swarm/connect").size() == 1);
    assertThat(kubo.calls("swarm/connect"))
        .containsExactly("swarm/connect?arg=%2Fip4%2F127.0.0.2%2Ftcp%2F4001%2Fp2p%2F" + PEER);
  }

  // --- repo, swarm, config, resolve, blocks

  @Test
  void repoStat_readsKuboNumbersAndJsIpfsStrings() {
    kubo.answer("repo/stat", "{\"RepoSize\":1234,\"StorageMax\":10000000000,\"NumObjects\":3}");
    assertThat(connect().repoStat()).isEqualTo(new IpfsRepoStat(1234, 10_000_000_000L));
    assertThat(kubo.calls()).containsExactly("repo/stat?size-only=true");

    kubo.answer("repo/stat", "{\"RepoSize\":\"303658\",\"StorageMax\":\"9007199254740991\"}");
    assertThat(connect().repoStat()).isEqualTo(new IpfsRepoStat(303658, 9007199254740991L));
  }

  @Test
  void repoGc_readsRemovedKeysAndErrors() {
    kubo.on(
        "repo/gc",
        c -> {
          c.line("{\"Key\":{\"/\":\"" + A.cid() + "\"}}");
          c.line("{\"Error\":\"could not remove " + B.cid() + "\"}");
        });

    RepoGc gc = connect().repoGc();

    assertThat(gc.keys()).hasSize(2);
    assertThat(gc.keys().get(0).key()).isEqualTo(A.cid());
    assertThat(gc.keys().get(1).error()).isEqualTo("could not remove " + B.cid());
    assertThat(kubo.calls()).containsExactly("repo/gc?stream-errors=true");
  }

  @Test
  void swarmPeers_readsPeers_andNullAsNone() {
    kubo.answer(
        "swarm/peers", "{\"Peers\":[{\"Peer\":\"" + PEER + "\",\"Addr\":\"/ip4/1.2.3.4\"}]}");
    assertThat(connect().swarmPeers()).containsExactly(PeerId.parse(PEER));

    kubo.answer("swarm/peers", "{\"Peers\":null}");
    assertThat(connect().swarmPeers()).isEmpty();
  }

  @Test
  void configKey_walksNestedKeys_andNamesMissingOnes() {
    kubo.answer(
        "config/show",
        "{\"Datastore\":{\"StorageMax\":\"10GB\",\"Spec\":{\"type\":\"mount\"}},\"Bootstrap\":[]}");
    IpfsHttpConnector ipfs = connect();

    assertThat(ipfs.configKey("Datastore/StorageMax")).isEqualTo("10GB");
    assertThat(ipfs.configKey("Datastore/Spec/type")).isEqualTo("mount");
    assertThat(ipfs.configKey("Datastore/Spec")).isEqualTo(Map.of("type", "mount"));
    assertThatThrownBy(() -> ipfs.configKey("Datastore/Nope"))
        .hasMessageContaining("key not found in configuration");
    assertThatThrownBy(() -> ipfs.configKey("Bootstrap/x")).hasMessageContaining("invalid path");
  }

  @Test
  void resolve_bareCid_needsNoRequest_andPathsAreResolvedByTheNode() {
    kubo.answer("resolve", "{\"Path\":\"/ipfs/" + B.cid() + "\"}");
    IpfsHttpConnector ipfs = connect();

    assertThat(ipfs.resolve("/ipfs/" + CID)).isEqualTo(CID);
    assertThat(ipfs.resolve(CID.toString())).isEqualTo(CID);
    assertThat(kubo.calls()).isEmpty();

    assertThat(ipfs.resolve("/ipfs/" + CID + "/dir/file")).isEqualTo(B.cid());
    assertThat(kubo.calls()).containsExactly("resolve?arg=%2Fipfs%2F" + CID + "%2Fdir%2Ffile");
  }

  @Test
  void resolve_acceptsJsIpfsStrayMultibasePrefixOnCidV0() {
    Cid v0 = TestBlocks.directory(List.of()).cid();
    kubo.answer("resolve", "{\"Path\":\"/ipfs/z" + v0 + "\"}");

    assertThat(connect().resolve("/ipns/example.org")).isEqualTo(v0);
  }

  @Test
  void blockStream_sendsEveryBlockInOneMultipartRequest() {
    List<Block> blocks = IntStream.range(0, 20).mapToObj(i -> BLOCKS.raw(1000 + i)).toList();
    List<MultipartParts.Part> received = new ArrayList<>();
    kubo.on(
        "block/put",
        c -> {
          List<MultipartParts.Part> parts =
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes());
          received.addAll(parts);
          for (MultipartParts.Part p : parts) {
            c.line(
                "{\"Key\":\""
                    + TestBlocks.raw(p.data()).cid()
                    + "\",\"Size\":"
                    + p.data().length
                    + "}");
          }
        });

    connect().blockStream(blocks.iterator());

    assertThat(kubo.calls())
        .containsExactly(
            "block/put?allow-big-block=true&cid-codec=raw&mhlen=32&mhtype=sha2-256&pin=false");
    assertThat(received).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(received.get(i).data()).isEqualTo(blocks.get(i).data());
      assertThat(received.get(i).headers())
          .contains("form-data; name=\"file\"; filename=\"" + blocks.get(i).cid() + "\"");
    }
  }

  @Test
  void blockStream_blocksWithAnotherPrefix_goInTheirOwnRequest() {
    Block dir = TestBlocks.directory(List.of(TestBlocks.Link.to("a", A)));
    kubo.on(
        "block/put",
        c -> {
          for (MultipartParts.Part p :
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes())) {
            c.line("{\"Key\":\"" + TestBlocks.raw(p.data()).cid() + "\"}");
          }
        });

    connect().blockStream(List.of(A, B, dir).iterator());

    assertThat(kubo.calls())
        .containsExactly(
            "block/put?allow-big-block=true&cid-codec=raw&mhlen=32&mhtype=sha2-256&pin=false",
            "block/put?allow-big-block=true&cid-codec=dag-pb&mhlen=32&mhtype=sha2-256&pin=false");
  }

  /** Answers {@code block/put} as js-ipfs does: stores the last part only, answers one line. */
  private List<byte[]> keepLastPartPerRequest() {
    List<byte[]> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
    kubo.on(
        "block/put",
        c -> {
          List<MultipartParts.Part> parts =
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes());
          stored.add(parts.getLast().data());
          c.line("{\"Key\":\"" + TestBlocks.raw(parts.getLast().data()).cid() + "\"}");
        });
    return stored;
  }

  @Test
  void blockStream_nodeThatKeepsOneBlockPerRequest_getsTheOthersOneByOne() {
    List<byte[]> stored = keepLastPartPerRequest();
    List<Block> blocks = IntStream.range(0, 5).mapToObj(i -> BLOCKS.raw(700 + i)).toList();

    connect().blockStream(blocks.iterator());

    assertThat(stored)
        .hasSize(5)
        .containsExactlyInAnyOrderElementsOf(blocks.stream().map(Block::data).toList());
    assertThat(kubo.calls("block/put")).hasSize(5); // one of 5 blocks, then 4 of one block
  }

  @Test
  void blockStream_whileTheNodeIsNotKnown_keepsAtMostProbeBytesUnacknowledged() {
    List<Integer> partsPerRequest = new java.util.concurrent.CopyOnWriteArrayList<>();
    kubo.on(
        "block/put",
        c -> {
          List<MultipartParts.Part> parts =
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes());
          partsPerRequest.add(parts.size());
          for (MultipartParts.Part p : parts) {
            c.line("{\"Key\":\"" + TestBlocks.raw(p.data()).cid() + "\"}");
          }
        });
    int size = 1 << 20;
    long probe = BlockPut.PROBE_BYTES / size + 1; // the block that goes past the limit is sent
    List<Block> blocks = IntStream.range(0, 8).mapToObj(i -> BLOCKS.raw(size - i)).toList();

    connect().blockStream(blocks.iterator());

    assertThat(partsPerRequest).containsExactly((int) probe, (int) (8 - probe));
  }

  @Test
  void blockStream_afterTheNodeShowedOneBlockPerRequest_sendsOneBlockPerRequest() {
    List<byte[]> stored = keepLastPartPerRequest();
    IpfsHttpConnector ipfs = connect();
    ipfs.blockStream(List.of(A, B).iterator());
    stored.clear();
    Block dir = TestBlocks.directory(List.of(TestBlocks.Link.to("a", A)));
    List<Block> next = List.of(BLOCKS.raw(10), BLOCKS.raw(11), BLOCKS.raw(12), dir);
    int before = kubo.calls("block/put").size();

    ipfs.blockStream(next.iterator());

    assertThat(kubo.calls("block/put")).hasSize(before + 4);
    assertThat(stored).containsExactlyElementsOf(next.stream().map(Block::data).toList());
  }

  @Test
  void blockStream_nodeThatStoredWholeRequestsThenAcknowledgesFewer_fails() {
    AtomicInteger requests = new AtomicInteger();
    kubo.on(
        "block/put",
        c -> {
          List<MultipartParts.Part> parts =
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes());
          List<MultipartParts.Part> acked =
              requests.incrementAndGet() == 1 ? parts : List.of(parts.getLast());
          for (MultipartParts.Part p : acked) {
            c.line("{\"Key\":\"" + TestBlocks.raw(p.data()).cid() + "\"}");
          }
        });
    IpfsHttpConnector ipfs = connect();
    ipfs.blockStream(List.of(A, B).iterator());

    assertThatThrownBy(() -> ipfs.blockStream(List.of(BLOCKS.raw(20), BLOCKS.raw(21)).iterator()))
        .hasMessageContaining("the node acknowledged 1 of 2 blocks");
  }

  @Test
  void blockStream_nodeThatAcknowledgesNothing_fails() {
    kubo.on("block/put", c -> c.body().readAllBytes());

    assertThatThrownBy(() -> connect().blockStream(List.of(A, B).iterator()))
        .hasMessageContaining("the node acknowledged 0 of 2 blocks");
  }

  @Test
  void blockStream_nodeError_failsWithItsMessage() {
    kubo.on(
        "block/put", c -> c.json(500, "{\"Message\":\"produced block is over 1MiB\",\"Code\":0}"));

    assertThatThrownBy(() -> connect().blockStream(List.of(A).iterator()))
        .hasMessageEndingWith(". Code: 500. Message: produced block is over 1MiB");
  }

  @Test
  void blockGet_returnsTheBytes() {
    kubo.on("block/get", c -> c.text(200, "hello"));

    assertThat(connect().blockGet(CID)).asString().isEqualTo("hello");
    assertThat(kubo.calls()).containsExactly("block/get?arg=" + CID);
  }
}
