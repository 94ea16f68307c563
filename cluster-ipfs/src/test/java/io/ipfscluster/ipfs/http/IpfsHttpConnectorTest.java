package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multibase;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The connector against {@link FakeKubo}: queries, parsing, limits, back-off and error texts. */
@Timeout(30)
class IpfsHttpConnectorTest {
  static final String PEER = "12D3KooW9qdzom1rQ8E6vG9e18eDVvjBx2KBDWM1Hx9zdK3Dak9e";
  static final TestBlocks BLOCKS = new TestBlocks(7);
  static final Block A = BLOCKS.raw(100);
  static final Block B = BLOCKS.raw(200);
  static final Cid CID = A.cid();

  private final List<AutoCloseable> open = new ArrayList<>();
  private FakeKubo kubo = track(new FakeKubo());

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  private IpfsHttpConnector connect(UnaryOperator<IpfsHttpSettings> tweak) {
    return connect(kubo.address(), tweak, PeerHooks.named("test"));
  }

  private IpfsHttpConnector connect() {
    return connect(s -> s);
  }

  private IpfsHttpConnector connect(
      Multiaddr node, UnaryOperator<IpfsHttpSettings> tweak, PeerHooks hooks) {
    IpfsHttpSettings s =
        IpfsHttpSettings.forNode(node)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withPinTimeout(Duration.ofSeconds(5))
            .withConnectSwarmsDelay(Duration.ZERO);
    return track(new IpfsHttpConnector(tweak.apply(s), hooks, null));
  }

  private IpfsHttpConnector started(
      Multiaddr node, UnaryOperator<IpfsHttpSettings> tweak, PeerHooks hooks) {
    IpfsHttpConnector c = connect(node, tweak, hooks);
    c.startBackground();
    return c;
  }

  private static String pinLine(Cid cid, String type) {
    return "{\"Cid\":\"" + cid + "\",\"Type\":\"" + type + "\"}";
  }

  private FakeKubo notPinned() {
    return kubo.on(
        "pin/ls",
        c ->
            c.json(
                500,
                "{\"Message\":\"path '"
                    + c.param("arg")
                    + "' is not pinned\",\"Code\":0,\"Type\":\"error\"}"));
  }

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

  // --- pin

  @Test
  void pin_recursive_checksThenPinsWithProgress() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");

    connect().pin(Pin.of(CID));

    assertThat(kubo.calls())
        .containsExactly(
            "pin/ls?stream=true&arg=" + CID + "&type=recursive",
            "pin/add?arg=" + CID + "&recursive=true&progress=true");
  }

  @Test
  void pin_directAndLimitedDepth_sendTheOriginalsArguments() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    IpfsHttpConnector ipfs = connect();

    ipfs.pin(Pin.of(CID, PinOptions.defaults().withMode(PinMode.DIRECT)));
    ipfs.pin(new Pin(CID, PinType.SHARD, List.of(), 2, null, null, PinOptions.defaults()));

    assertThat(kubo.calls())
        .containsExactly(
            "pin/ls?stream=true&arg=" + CID + "&type=direct",
            "pin/add?arg=" + CID + "&recursive=false&progress=true",
            "pin/ls?stream=true&arg=" + CID + "&type=recursive",
            "pin/add?arg=" + CID + "&max-depth=2&recursive=true&progress=true");
  }

  @Test
  void pin_alreadyPinned_doesNotCallPinAdd() {
    kubo.on("pin/ls", c -> c.line(pinLine(CID, "recursive")));

    connect().pin(Pin.of(CID));

    assertThat(kubo.calls("pin/add")).isEmpty();
  }

  @Test
  void pin_progressThatKeepsGrowing_outlivesPinTimeout() {
    notPinned()
        .on(
            "pin/add",
            c -> {
              for (int i = 1; i <= 12; i++) {
                c.line("{\"Progress\":" + i + "}");
                c.pause(50);
              }
              c.line("{\"Pins\":[\"" + CID + "\"]}");
            });

    connect(s -> s.withPinTimeout(Duration.ofMillis(400))).pin(Pin.of(CID));

    assertThat(kubo.calls("pin/add")).hasSize(1);
  }

  @Test
  void pin_progressThatStalls_failsAfterPinTimeout() {
    notPinned()
        .on(
            "pin/add",
            c -> {
              c.line("{\"Progress\":1}");
              c.line("{\"Progress\":1}"); // a repeat is no progress
              c.hang();
            });
    IpfsHttpConnector ipfs = connect(s -> s.withPinTimeout(Duration.ofMillis(300)));

    assertThatThrownBy(() -> ipfs.pin(Pin.of(CID)))
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.pin_timeout");
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
            })
        .hasMessageContaining("made no progress for 300ms")
        .hasMessageContaining("pin/add?arg=" + CID);
  }

  @Test
  void pin_nodeThatNeverAnswers_failsAfterPinTimeout_withoutCountingAsTransportFailure() {
    notPinned().on("pin/add", FakeKubo.Call::hang); // js-ipfs: no headers until the DAG is there
    IpfsHttpConnector ipfs = connect(s -> s.withPinTimeout(Duration.ofMillis(300)));

    assertThatThrownBy(() -> ipfs.pin(Pin.of(CID))).isInstanceOf(IpfsTimeoutException.class);
    assertThat(ipfs.throttling()).isFalse();
  }

  @Test
  void pin_withPinUpdate_fromPinnedRecursively_usesPinUpdate() {
    Cid from = B.cid();
    kubo.on(
        "pin/ls",
        c -> {
          if (c.param("arg").equals(from.toString())) {
            c.line(pinLine(from, "recursive"));
          } else {
            c.json(500, "{\"Message\":\"path is not pinned\",\"Code\":0,\"Type\":\"error\"}");
          }
        });
    kubo.answer("pin/update", "{\"Pins\":[\"" + from + "\",\"" + CID + "\"]}");

    connect().pin(Pin.of(CID, PinOptions.defaults().withPinUpdate(from)));

    assertThat(kubo.calls("pin/update"))
        .containsExactly("pin/update?arg=" + from + "&arg=" + CID + "&unpin=false");
    assertThat(kubo.calls("pin/add")).isEmpty();
  }

  @Test
  void pin_withPinUpdate_onNodeWithoutPinUpdate_fallsBackToPinAdd_andRemembers() {
    Cid from = B.cid();
    kubo.on(
        "pin/ls",
        c -> {
          if (c.param("arg").equals(from.toString())) {
            c.line(pinLine(from, "recursive"));
          } else {
            c.json(500, "{\"Message\":\"path is not pinned\",\"Code\":0,\"Type\":\"error\"}");
          }
        });
    kubo.on("pin/update", c -> c.json(404, "{\"Message\":\"Not Found\",\"Code\":3}"));
    kubo.answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    IpfsHttpConnector ipfs = connect();
    Pin update = Pin.of(CID, PinOptions.defaults().withPinUpdate(from));

    ipfs.pin(update);
    ipfs.pin(update);

    assertThat(kubo.calls("pin/update")).hasSize(1);
    assertThat(kubo.calls("pin/add")).hasSize(2);
  }

  @Test
  void pin_withOrigins_connectsToTheFirstTenBeforePinning() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    kubo.answer("swarm/connect", "{\"Strings\":[\"ok\"]}");
    List<Multiaddr> origins =
        IntStream.range(0, 12)
            .mapToObj(i -> Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/4001/p2p/" + PEER))
            .toList();
    kubo.on(
        "pin/add",
        c -> {
          c.pause(300); // give the connects time to arrive, as a fetching pin would
          c.line("{\"Pins\":[\"" + CID + "\"]}");
        });

    connect().pin(Pin.of(CID, PinOptions.defaults().withOrigins(origins)));

    assertThat(kubo.calls("swarm/connect"))
        .hasSize(10)
        .allMatch(c -> c.startsWith("swarm/connect?arg=%2Fip4%2F10.0.0."));
  }

  // --- unpin

  @Test
  void unpin_cidThatIsNotPinned_succeeds_forKuboAndJsIpfsTexts() {
    List<String> messages =
        List.of(
            "not pinned or pinned indirectly",
            "Failed to remove pin: " + CID + " is not pinned",
            "Failed to remove pin: " + CID + " is pinned indirectly under indirect");
    AtomicInteger i = new AtomicInteger();
    kubo.on(
        "pin/rm",
        c -> c.json(500, "{\"Message\":\"" + messages.get(i.getAndIncrement()) + "\",\"Code\":0}"));
    IpfsHttpConnector ipfs = connect();

    for (int n = 0; n < messages.size(); n++) {
      ipfs.unpin(CID);
    }

    assertThat(kubo.calls("pin/rm")).hasSize(3).allMatch(c -> c.equals("pin/rm?arg=" + CID));
  }

  @Test
  void unpin_otherNodeError_failsWithTheOriginalsText() {
    kubo.on("pin/rm", c -> c.json(500, "{\"Message\":\"disk on fire\",\"Code\":0}"));

    assertThatThrownBy(() -> connect().unpin(CID))
        .isInstanceOf(IpfsException.class)
        .hasMessage("IPFS error (pin/rm?arg=" + CID + "). Code: 500. Message: disk on fire");
  }

  @Test
  void unpin_whenDisabled_failsWithoutAskingTheNode() {
    assertThatThrownBy(() -> connect(s -> s.withUnpinDisable(true)).unpin(CID))
        .hasMessage("ipfs unpinning is disallowed by configuration on this peer");
    assertThat(kubo.calls("pin/rm")).isEmpty();
  }

  @Test
  void unpin_slowerThanUnpinTimeout_namesUnpinTimeout() {
    kubo.on("pin/rm", FakeKubo.Call::hang);

    assertThatThrownBy(() -> connect(s -> s.withUnpinTimeout(Duration.ofMillis(200))).unpin(CID))
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.unpin_timeout"))
        .hasMessageContaining("timed out after 200ms (pin/rm?arg=" + CID + ")");
  }

  // --- pin/ls

  @Test
  void pinLsCid_readsEachStatus() {
    kubo.on(
        "pin/ls",
        c ->
            c.line(
                pinLine(
                    Cid.parse(c.param("arg")),
                    c.param("type").equals("direct") ? "direct" : "indirect through " + B.cid())));
    IpfsHttpConnector ipfs = connect();

    assertThat(ipfs.pinLsCid(Pin.of(CID))).isEqualTo(IpfsPinStatus.INDIRECT);
    assertThat(ipfs.pinLsCid(Pin.of(CID, PinOptions.defaults().withMode(PinMode.DIRECT))))
        .isEqualTo(IpfsPinStatus.DIRECT);
  }

  @Test
  void pinLsCid_notPinnedError_isUnpinned_otherErrorsThrow() {
    notPinned();
    assertThat(connect().pinLsCid(Pin.of(CID))).isEqualTo(IpfsPinStatus.UNPINNED);

    kubo.on("pin/ls", c -> c.json(500, "{\"Message\":\"datastore closed\"}"));
    assertThatThrownBy(() -> connect().pinLsCid(Pin.of(CID)))
        .hasMessage(
            "IPFS error (pin/ls?stream=true&arg="
                + CID
                + "&type=recursive). Code: 500. Message: datastore closed");
  }

  @Test
  void pinLs_listsEveryRequestedType_andNormalisesCids() {
    String base58v1 = A.cid().toString(Multibase.BASE58_BTC); // as js-ipfs writes CIDv1
    kubo.on(
        "pin/ls",
        c -> {
          switch (c.param("type")) {
            case "recursive" -> c.line("{\"Cid\":\"" + base58v1 + "\",\"Type\":\"recursive\"}");
            case "direct" -> c.line(pinLine(B.cid(), "direct"));
            default -> throw new AssertionError(c.param("type"));
          }
        });

    List<IpfsPinInfo> pins;
    try (Stream<IpfsPinInfo> s = connect().pinLs(Set.of("direct", "recursive"))) {
      pins = s.toList();
    }

    assertThat(pins)
        .containsExactly(
            new IpfsPinInfo(A.cid(), IpfsPinStatus.RECURSIVE),
            new IpfsPinInfo(B.cid(), IpfsPinStatus.DIRECT));
    assertThat(pins.getFirst().cid().toString()).startsWith("bafkrei");
    assertThat(kubo.calls())
        .containsExactly("pin/ls?stream=true&type=recursive", "pin/ls?stream=true&type=direct");
  }

  @Test
  void pinLs_streamErrorTrailer_fails() {
    kubo.on(
        "pin/ls",
        c -> {
          c.line(pinLine(CID, "recursive"));
          c.streamError("pinset is corrupt");
        });

    try (Stream<IpfsPinInfo> s = connect().pinLs(Set.of("recursive"))) {
      assertThatThrownBy(s::toList)
          .hasMessage(
              "IPFS error (pin/ls?stream=true&type=recursive). Code: 200. Message: pinset is corrupt");
    }
  }

  @Test
  void pinLs_unknownType_isRejected() {
    assertThatThrownBy(() -> connect().pinLs(Set.of("sideways")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sideways");
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

  @Test
  void blockStream_nodeThatKeepsOneBlockPerRequest_fails() {
    kubo.on(
        "block/put",
        c -> {
          List<MultipartParts.Part> parts =
              MultipartParts.parse(c.header("Content-Type"), c.body().readAllBytes());
          c.line("{\"Key\":\"" + TestBlocks.raw(parts.getLast().data()).cid() + "\"}");
        });

    assertThatThrownBy(() -> connect().blockStream(List.of(A, B).iterator()))
        .hasMessageContaining("the node acknowledged 1 of 2 blocks");
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

  // --- errors, limits, back-off, transports

  @Test
  void errorThatIsNotKubosJson_keepsTheOriginalsIsItRunningText() {
    kubo.on("block/get", c -> c.text(502, "bad gateway"));

    assertThatThrownBy(() -> connect().blockGet(CID))
        .hasMessage(
            "IPFS request failed (is it running?) (block/get?arg="
                + CID
                + "). Code 502: bad gateway");
  }

  @Test
  void unreachableNode_failsWithAClearMessage() throws Exception {
    Multiaddr nowhere = kubo.address();
    kubo.close();

    assertThatThrownBy(() -> connect(nowhere, s -> s, PeerHooks.none()).repoStat())
        .isInstanceOf(IpfsException.class)
        .hasMessageStartingWith(
            "IPFS request failed (is it running?) (repo/stat?size-only=true): "
                + "cannot reach the IPFS node at "
                + nowhere);
  }

  @Test
  void slowNode_failsAfterTheRequestTimeout_namingIt() {
    kubo.on("swarm/peers", FakeKubo.Call::hang);

    assertThatThrownBy(
            () -> connect(s -> s.withRequestTimeout(Duration.ofMillis(200))).swarmPeers())
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.ipfs_request_timeout"))
        .hasMessage(
            "IPFS request timed out after 200ms (swarm/peers); "
                + "raise ipfs_connector.ipfshttp.ipfs_request_timeout if the node is just slow");
  }

  @Test
  void manyTransportFailures_throttleRequests_untilTheNodeAnswersAgain() throws Exception {
    Multiaddr addr = kubo.address();
    int port = Integer.parseInt(addr.valueOf(io.ipfscluster.multiformats.Protocol.TCP).get());
    kubo.close();
    IpfsHttpConnector ipfs = connect(addr, s -> s, PeerHooks.none());

    for (int i = 0; i <= TransportBackoff.FREE_FAILURES; i++) {
      assertThat(ipfs.throttling()).isFalse();
      assertThatThrownBy(ipfs::swarmPeers).hasMessageContaining("cannot reach the IPFS node");
    }
    assertThat(ipfs.throttling()).isTrue();

    kubo = track(new FakeKubo(port));
    kubo.answer("swarm/peers", "{\"Peers\":[]}");
    assertThat(ipfs.swarmPeers()).isEmpty();
    assertThat(ipfs.throttling()).isFalse();
  }

  @Test
  void unixSocketNode_isReachable(@TempDir Path dir) throws Exception {
    Path socket = Files.createDirectories(dir).resolve("api.sock");
    kubo = track(new FakeKubo(socket));
    kubo.answer("id", "{\"ID\":\"" + PEER + "\",\"Addresses\":[]}");

    IpfsHttpConnector ipfs = connect(kubo.address(), s -> s, PeerHooks.none());

    assertThat(kubo.address().toString()).startsWith("/unix/");
    assertThat(ipfs.id().id()).isEqualTo(PeerId.parse(PEER));
  }

  @Test
  void informerTriggerInterval_sendsMetricsEveryNOperations() {
    notPinned().answer("pin/add", "{\"Pins\":[]}");
    AtomicInteger sent = new AtomicInteger();
    PeerHooks hooks = new PeerHooks("test", sent::incrementAndGet, List::of);
    IpfsHttpConnector ipfs = connect(kubo.address(), s -> s.withInformerTriggerInterval(2), hooks);

    ipfs.pin(Pin.of(CID)); // counts at its start and end

    await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() == 1);
  }

  @Test
  void close_isIdempotent_andLaterCallsFail() {
    IpfsHttpConnector ipfs = connect();
    ipfs.close();
    ipfs.close();

    assertThatThrownBy(ipfs::swarmPeers).isInstanceOf(IpfsException.class);
  }
}
