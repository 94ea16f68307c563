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
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multihash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What any kubo-compatible IPFS node must do through the connector: the behaviours the pin tracker,
 * the adder and the informers rely on. A subclass names the node ({@link #nodeAddress()}).
 *
 * <p>Each test writes fresh random content, so the suite can share one node and runs in any order.
 * Every call that could wait for missing content uses a connector with short limits, because some
 * nodes (js-ipfs) wait forever for blocks nobody has.
 *
 * <p>Reuse: depend on the cluster-ipfs test-jar and extend this class, for example for the embedded
 * node: {@code class EmbeddedNodeConnectorTest extends IpfsConnectorContract}.
 */
@Timeout(120)
public abstract class IpfsConnectorContract {

  protected final TestBlocks blocks = new TestBlocks();
  protected IpfsConnector ipfs;
  private final List<IpfsConnector> connectors = new ArrayList<>();

  /** The node's RPC API address. */
  protected abstract Multiaddr nodeAddress();

  /** How long a call about missing content may wait before it must fail. */
  protected Duration missingContentTimeout() {
    return Duration.ofSeconds(2);
  }

  /** The settings of the main connector: the defaults for the node, with limits fit for tests. */
  protected IpfsHttpSettings settings() {
    return IpfsHttpSettings.forNode(nodeAddress())
        .withRequestTimeout(Duration.ofSeconds(30))
        .withPinTimeout(Duration.ofSeconds(30))
        .withUnpinTimeout(Duration.ofSeconds(30))
        .withRepoGcTimeout(Duration.ofSeconds(60))
        .withConnectSwarmsDelay(Duration.ZERO);
  }

  /** A connector with these settings; the contract closes it after each test. */
  protected IpfsConnector connect(IpfsHttpSettings settings) {
    return IpfsHttpConnector.start(settings, PeerHooks.named("contract"));
  }

  @BeforeEach
  void openConnector() {
    ipfs = open(settings());
  }

  @AfterEach
  void closeConnectors() {
    connectors.forEach(IpfsConnector::close);
  }

  private IpfsConnector open(IpfsHttpSettings settings) {
    IpfsConnector c = connect(settings);
    connectors.add(c);
    return c;
  }

  /** A connector whose calls give up on missing content after {@link #missingContentTimeout()}. */
  protected final IpfsConnector impatient() {
    Duration t = missingContentTimeout();
    return open(settings().withRequestTimeout(t).withPinTimeout(t));
  }

  /** Writes blocks in one stream. */
  protected final void put(Block... bs) {
    ipfs.blockStream(Arrays.asList(bs).iterator());
  }

  private static Pin direct(Cid cid) {
    return Pin.of(cid, PinOptions.defaults().withMode(PinMode.DIRECT));
  }

  private List<IpfsPinInfo> pinLs(String... types) {
    try (Stream<IpfsPinInfo> s = ipfs.pinLs(Set.of(types))) {
      return s.toList();
    }
  }

  /** A UnixFS file of two raw leaves, and the leaves. */
  private List<Block> twoLeafFile() {
    Block l1 = blocks.raw(1000);
    Block l2 = blocks.raw(2000);
    return List.of(TestBlocks.file(List.of(l1, l2)), l1, l2);
  }

  // --- identity

  @Test
  void ready_becomesTrue_andIdNamesTheNode() {
    await().atMost(Duration.ofSeconds(30)).until(ipfs::ready);

    IpfsInfo info = ipfs.id();

    assertThat(info.id()).isNotNull();
    assertThat(info.error()).isEmpty();
  }

  // --- blocks

  @Test
  void blockGet_afterPut_returnsTheRawBlock() {
    Block raw = blocks.raw(5000);
    put(raw);

    assertThat(ipfs.blockGet(raw.cid())).isEqualTo(raw.data());
  }

  @Test
  void blockGet_afterPut_returnsTheDagPbBlock() {
    Block leaf = blocks.raw(10);
    Block dir = TestBlocks.directory(List.of(TestBlocks.Link.to("leaf", leaf)));
    put(dir);

    assertThat(dir.cid().version()).isZero();
    assertThat(ipfs.blockGet(dir.cid())).isEqualTo(dir.data());
  }

  @Test
  void blockStream_ofManyBlocksInOneCall_storesEveryBlock() {
    List<Block> leaves = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      leaves.add(blocks.raw(500 + 97 * i));
    }
    Block file = TestBlocks.file(leaves);
    List<Block> all = new ArrayList<>(leaves);
    all.add(file); // another CID prefix: a second request

    ipfs.blockStream(all.iterator());

    for (Block b : all) {
      assertThat(ipfs.blockGet(b.cid())).as("block %s", b.cid()).isEqualTo(b.data());
    }
  }

  @Test
  void blockStream_severalStreamsOnOneConnector_storeEveryBlock() {
    // The connector learns from the first stream how many blocks a request of the node stores.
    List<Block> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(blocks.raw(3000 + i));
    }
    Block file = TestBlocks.file(first);
    List<Block> second = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      second.add(blocks.raw(4000 + i));
    }
    Block dir = TestBlocks.directory(List.of(TestBlocks.Link.to("file", file)));
    second.add(file);
    second.add(dir);

    ipfs.blockStream(first.iterator());
    ipfs.blockStream(second.iterator());

    for (Block b : concat(first, second)) {
      assertThat(ipfs.blockGet(b.cid())).as("block %s", b.cid()).isEqualTo(b.data());
    }
  }

  private static List<Block> concat(List<Block> a, List<Block> b) {
    List<Block> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void repoStat_growsWhenBlocksAreWritten() {
    IpfsRepoStat before = ipfs.repoStat();

    put(blocks.raw(200_000));

    IpfsRepoStat after = ipfs.repoStat();
    assertThat(after.repoSize()).isGreaterThan(before.repoSize());
    assertThat(after.storageMax()).isPositive();
  }

  // --- pins

  @Test
  void pin_recursive_pinsTheWholeDag_andPinLsCidSaysSo() {
    List<Block> dag = twoLeafFile();
    Block file = dag.get(0);
    put(dag.toArray(Block[]::new));

    ipfs.pin(Pin.of(file.cid()));

    assertThat(ipfs.pinLsCid(Pin.of(file.cid()))).isEqualTo(IpfsPinStatus.RECURSIVE);
    assertThat(ipfs.pinLsCid(Pin.of(file.cid())).satisfies(-1)).isTrue();
  }

  @Test
  void pin_direct_pinsOnlyTheRoot() {
    List<Block> dag = twoLeafFile();
    Block file = dag.get(0);
    put(dag.toArray(Block[]::new));

    ipfs.pin(direct(file.cid()));

    assertThat(ipfs.pinLsCid(direct(file.cid()))).isEqualTo(IpfsPinStatus.DIRECT);
    assertThat(pinLs("indirect")).doesNotContain(pinned(dag.get(1), IpfsPinStatus.INDIRECT));
  }

  @Test
  void pinLsCid_ofChildOfRecursivePin_isNotPinnedItself_butListedIndirect() {
    List<Block> dag = twoLeafFile();
    put(dag.toArray(Block[]::new));
    ipfs.pin(Pin.of(dag.get(0).cid()));

    IpfsPinStatus child = ipfs.pinLsCid(Pin.of(dag.get(1).cid()));

    assertThat(child.satisfies(-1)).isFalse();
    assertThat(child).isIn(IpfsPinStatus.UNPINNED, IpfsPinStatus.INDIRECT);
    assertThat(pinLs("indirect")).contains(pinned(dag.get(1), IpfsPinStatus.INDIRECT));
  }

  @Test
  void pinLsCid_ofUnpinnedContent_isUnpinned() {
    Block loose = blocks.raw(300);
    put(loose);

    assertThat(ipfs.pinLsCid(Pin.of(loose.cid()))).isEqualTo(IpfsPinStatus.UNPINNED);
    assertThat(ipfs.pinLsCid(direct(loose.cid()))).isEqualTo(IpfsPinStatus.UNPINNED);
  }

  @Test
  void pinLs_withSeveralTypes_listsEveryType() {
    List<Block> dag = twoLeafFile();
    Block single = blocks.raw(400);
    put(dag.get(0), dag.get(1), dag.get(2), single);
    ipfs.pin(Pin.of(dag.get(0).cid()));
    ipfs.pin(direct(single.cid()));

    List<IpfsPinInfo> pins = pinLs("recursive", "direct", "indirect");

    assertThat(pins)
        .contains(
            pinned(dag.get(0), IpfsPinStatus.RECURSIVE),
            pinned(single, IpfsPinStatus.DIRECT),
            pinned(dag.get(1), IpfsPinStatus.INDIRECT),
            pinned(dag.get(2), IpfsPinStatus.INDIRECT));
    assertThat(pinLs("direct"))
        .contains(pinned(single, IpfsPinStatus.DIRECT))
        .doesNotContain(pinned(dag.get(0), IpfsPinStatus.RECURSIVE));
  }

  private static IpfsPinInfo pinned(Block b, IpfsPinStatus status) {
    return new IpfsPinInfo(b.cid(), status);
  }

  @Test
  void unpin_isIdempotent_andAcceptsUnpinnedAndIndirectContent() {
    List<Block> dag = twoLeafFile();
    Block file = dag.get(0);
    put(dag.toArray(Block[]::new));
    ipfs.pin(Pin.of(file.cid()));

    ipfs.unpin(dag.get(1).cid()); // only indirectly pinned: nothing to do
    assertThat(ipfs.pinLsCid(Pin.of(file.cid()))).isEqualTo(IpfsPinStatus.RECURSIVE);
    ipfs.unpin(file.cid());
    ipfs.unpin(file.cid());
    ipfs.unpin(blocks.raw(50).cid()); // never seen

    assertThat(ipfs.pinLsCid(Pin.of(file.cid()))).isEqualTo(IpfsPinStatus.UNPINNED);
  }

  @Test
  void pin_withPinUpdate_pinsTheNewDag_andKeepsTheOld() {
    List<Block> old = twoLeafFile();
    Block extra = blocks.raw(700);
    Block updated = TestBlocks.file(List.of(old.get(1), old.get(2), extra));
    put(old.get(0), old.get(1), old.get(2), extra, updated);
    ipfs.pin(Pin.of(old.get(0).cid()));

    ipfs.pin(Pin.of(updated.cid(), PinOptions.defaults().withPinUpdate(old.get(0).cid())));

    assertThat(ipfs.pinLsCid(Pin.of(updated.cid()))).isEqualTo(IpfsPinStatus.RECURSIVE);
    assertThat(ipfs.pinLsCid(Pin.of(old.get(0).cid()))).isEqualTo(IpfsPinStatus.RECURSIVE);
  }

  @Test
  void pin_ofMissingContent_failsWithinPinTimeout_andRecordsNoPin() {
    Block absent = blocks.raw(600); // never written
    IpfsConnector quick = impatient();

    assertThatThrownBy(() -> quick.pin(Pin.of(absent.cid()))).isInstanceOf(IpfsException.class);

    assertThat(ipfs.pinLsCid(Pin.of(absent.cid()))).isEqualTo(IpfsPinStatus.UNPINNED);
  }

  // --- garbage collection

  @Test
  void repoGc_removesUnpinnedBlocks_andKeepsPinnedOnes() {
    Block kept = blocks.raw(800);
    Block dropped = blocks.raw(900);
    put(kept, dropped);
    ipfs.pin(Pin.of(kept.cid()));

    RepoGc gc = ipfs.repoGc();

    List<Multihash> removed =
        gc.keys().stream()
            .map(RepoGcKey::key)
            .filter(Objects::nonNull)
            .map(Cid::multihash)
            .toList();
    assertThat(removed).contains(dropped.cid().multihash()).doesNotContain(kept.cid().multihash());
    assertThat(ipfs.blockGet(kept.cid())).isEqualTo(kept.data());
    IpfsConnector quick = impatient();
    assertThatThrownBy(() -> quick.blockGet(dropped.cid())).isInstanceOf(IpfsException.class);
  }

  // --- paths and errors

  @Test
  void resolve_pathThroughDirectories_returnsTheTargetCid() {
    List<Block> file = twoLeafFile();
    Block leaf = blocks.raw(100);
    Block sub = TestBlocks.directory(List.of(TestBlocks.Link.to("leaf.bin", leaf)));
    Block root =
        TestBlocks.directory(
            List.of(TestBlocks.Link.to("file.bin", file.get(0)), TestBlocks.Link.to("sub", sub)));
    put(root, sub, leaf, file.get(0), file.get(1), file.get(2));

    assertThat(ipfs.resolve("/ipfs/" + root.cid() + "/sub/leaf.bin")).isEqualTo(leaf.cid());
    assertThat(ipfs.resolve("/ipfs/" + root.cid() + "/file.bin")).isEqualTo(file.get(0).cid());
    assertThat(ipfs.resolve("/ipfs/" + root.cid())).isEqualTo(root.cid());
  }

  @Test
  void nodeErrors_haveTheOriginalsFormat() {
    Block root = TestBlocks.directory(List.of(TestBlocks.Link.to("a", blocks.raw(10))));
    put(root);

    assertThatThrownBy(() -> ipfs.resolve("/ipfs/" + root.cid() + "/missing"))
        .isInstanceOf(IpfsException.class)
        .hasMessageMatching(
            "IPFS error \\(resolve\\?arg=%2Fipfs%2F"
                + root.cid()
                + "%2Fmissing\\)\\. Code: [45]\\d\\d\\. Message: .+");
  }

  @Test
  void configKey_readsANestedValue() {
    Object api = ipfs.configKey("Addresses/API");

    assertThat(api).isNotNull();
    assertThatThrownBy(() -> ipfs.configKey("NoSuchSection/NoSuchKey"))
        .isInstanceOf(IpfsException.class)
        .hasMessageContaining("key not found in configuration");
  }

  @Test
  void swarmPeers_answers() {
    assertThat(ipfs.swarmPeers()).isNotNull();
  }
}
