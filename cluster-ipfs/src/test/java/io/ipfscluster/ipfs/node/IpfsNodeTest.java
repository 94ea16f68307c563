package io.ipfscluster.ipfs.node;

import static io.ipfscluster.ipfs.node.TestDags.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.blockstore.InvalidBlockException;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class IpfsNodeTest {
  @TempDir Path repo;
  private IpfsNode node;

  private IpfsNode open(BlockSource source) {
    node =
        IpfsNode.open(
            EmbeddedNodeConfig.defaults(repo).withPinTimeout(Duration.ofMillis(300)), source);
    return node;
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private static void store(IpfsNode node, List<Block> blocks) {
    try (BlockImport im = node.beginImport()) {
      for (Block block : blocks) {
        im.put(block.cid(), block.data());
      }
      im.commit();
    }
  }

  private List<PinListing> list(Set<PinKind> kinds) throws InterruptedException {
    List<PinListing> out = new ArrayList<>();
    node.pins().list(kinds, out::add);
    return out;
  }

  private Set<Multihash> storedKeys() {
    try (Stream<Multihash> keys = node.blockstore().keys()) {
      return keys.collect(Collectors.toSet());
    }
  }

  @Test
  void pinRecursive_dagPresent_pinsItAndListsItsBlocksAsIndirect() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(1, 5, 100, true);
    store(node, dag.blocks());
    AtomicLong progress = new AtomicLong();

    node.pins().pinRecursive(dag.root(), "files", progress);

    assertThat(progress).hasValue(6);
    assertThat(list(EnumSet.of(PinKind.RECURSIVE)))
        .containsExactly(new PinListing(dag.root(), PinKind.RECURSIVE, "files", null));
    assertThat(list(EnumSet.of(PinKind.INDIRECT)))
        .extracting(PinListing::cid)
        .containsExactlyInAnyOrderElementsOf(
            dag.blocks().subList(0, 5).stream().map(Block::cid).toList());
    Cid leaf = dag.blocks().get(2).cid();
    assertThat(node.pins().check(leaf, Pinner.allKinds()).kuboType())
        .isEqualTo("indirect through " + dag.root());
  }

  @Test
  void pinRecursive_alreadyPinnedRecursively_walksNothingAndOnlyRenames() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(11, 3, 100, true);
    store(node, dag.blocks());
    node.pins().pinRecursive(dag.root(), "old", new AtomicLong());
    // Behind the pinner's back: were the DAG walked again, the missing leaf would fail the pin.
    assertThat(node.blockstore().delete(dag.blocks().get(0).cid().multihash())).isTrue();
    AtomicLong progress = new AtomicLong();

    node.pins().pinRecursive(dag.root(), "new", progress);

    assertThat(progress).hasValue(0);
    assertThat(list(EnumSet.of(PinKind.RECURSIVE)))
        .containsExactly(new PinListing(dag.root(), PinKind.RECURSIVE, "new", null));
  }

  @Test
  void pinRecursive_dagPbLeavesLargerThanTheReadPrefix_walksThemAll() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(2, 3, 3 * Links.PREFIX_BYTES, false);
    store(node, dag.blocks());
    AtomicLong progress = new AtomicLong();

    node.pins().pinRecursive(dag.root(), "", progress);

    assertThat(progress).hasValue(4);
  }

  @Test
  void pinRecursive_blockMissingAndNoSource_failsAfterThePinTimeoutWithoutAPin() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(3, 3, 100, true);
    store(node, dag.blocks().subList(1, 4)); // the first leaf is missing
    Cid missing = dag.blocks().get(0).cid();

    assertThatThrownBy(() -> node.pins().pinRecursive(dag.root(), "", new AtomicLong()))
        .isInstanceOf(BlockNotFoundException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no block source")
        .hasMessageContaining("pin timeout of 300ms");

    assertThat(node.pins().check(dag.root(), Pinner.allKinds())).isNull();
  }

  @Test
  void pinRecursive_withBlockSource_fetchesVerifiesAndStoresMissingBlocks() throws Exception {
    Dag dag = TestDags.file(4, 4, 100, true);
    Map<Cid, byte[]> remote = new HashMap<>();
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));
    open(remote::get);

    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThat(dag.blocks()).allMatch(b -> node.blockstore().has(b.cid().multihash()));
    assertThat(node.pins().check(dag.root(), EnumSet.of(PinKind.RECURSIVE))).isNotNull();
  }

  private static PeerId peer(int n) {
    return PeerId.of(Multihash.compute(HashFunction.SHA2_256, utf8("peer " + n)));
  }

  /** A source that serves {@code remote} and records the hint each fetch came with. */
  private static BlockSource recording(
      Map<Cid, byte[]> remote, Map<Cid, BlockSource.Providers> hints) {
    return new BlockSource() {
      @Override
      public byte[] fetch(Cid cid) {
        return fetch(cid, BlockSource.Providers.NONE);
      }

      @Override
      public byte[] fetch(Cid cid, Providers providers) {
        hints.put(cid, providers);
        return remote.get(cid);
      }
    };
  }

  @Test
  void pinRecursive_withProviders_fetchesEveryMissingBlockWithThatHint() throws Exception {
    Dag dag = TestDags.file(6, 4, 100, true);
    Map<Cid, byte[]> remote = new HashMap<>();
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));
    Map<Cid, BlockSource.Providers> hints = new ConcurrentHashMap<>();
    open(recording(remote, hints));
    BlockSource.Providers providers = new BlockSource.Providers(List.of(peer(1)), List.of(peer(2)));

    node.pins().pinRecursive(dag.root(), "", new AtomicLong(), providers);

    assertThat(hints.keySet()).containsExactlyInAnyOrderElementsOf(remote.keySet());
    assertThat(hints.values()).containsOnly(providers);
  }

  @Test
  void pinDirect_withProviders_fetchesTheBlockWithThatHint() throws Exception {
    Block block = TestDags.file(7, 1, 100, true).blocks().getFirst();
    Map<Cid, BlockSource.Providers> hints = new ConcurrentHashMap<>();
    open(recording(Map.of(block.cid(), block.data()), hints));
    BlockSource.Providers providers = new BlockSource.Providers(List.of(peer(3)), List.of());

    node.pins().pinDirect(block.cid(), "", providers);

    assertThat(hints).containsExactly(Map.entry(block.cid(), providers));
  }

  @Test
  void pinRecursive_withoutProviders_fetchesWithNoHint() throws Exception {
    Dag dag = TestDags.file(8, 4, 100, true);
    Map<Cid, byte[]> remote = new HashMap<>();
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));
    Map<Cid, BlockSource.Providers> hints = new ConcurrentHashMap<>();
    open(recording(remote, hints));

    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThat(hints).hasSameSizeAs(remote);
    assertThat(hints.values()).containsOnly(BlockSource.Providers.NONE);
  }

  @Test
  void pinRecursive_blockSourceAnswersWithWrongBytes_failsAndStoresNothing() throws Exception {
    Dag dag = TestDags.file(5, 2, 100, true);
    open(cid -> utf8("not the block"));

    assertThatThrownBy(() -> node.pins().pinRecursive(dag.root(), "", new AtomicLong()))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("the block source")
        .hasMessageContaining(dag.root().toString());

    assertThat(node.usage().blocks()).isZero();
    assertThat(node.pins().check(dag.root(), Pinner.allKinds()) == null).isTrue();
  }

  @Test
  void pinRecursive_unsupportedCodec_failsNamingIt() {
    open(BlockSource.none());
    Cid gitRaw = Cid.v1(0x78, Multihash.compute(HashFunction.SHA2_256, utf8("git object")));

    assertThatThrownBy(() -> node.pins().pinRecursive(gitRaw, "", new AtomicLong()))
        .isInstanceOf(UnsupportedCodecException.class)
        .hasMessageContaining("git-raw")
        .hasMessageContaining(gitRaw.toString());
  }

  @Test
  void pinDirect_ofARecursivePin_isRefusedAsKuboDoes() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(6, 1, 10, true);
    store(node, dag.blocks());
    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThatThrownBy(() -> node.pins().pinDirect(dag.root(), ""))
        .isInstanceOf(PinConflictException.class)
        .hasMessage(dag.root() + " already pinned recursively");
  }

  @Test
  void pinRecursive_ofADirectPin_replacesIt() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(7, 1, 10, true);
    store(node, dag.blocks());
    node.pins().pinDirect(dag.root(), "");

    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThat(list(EnumSet.of(PinKind.DIRECT))).isEmpty();
    assertThat(list(EnumSet.of(PinKind.RECURSIVE))).hasSize(1);
  }

  @Test
  void unpin_notPinned_failsWithKubosMessage() {
    open(BlockSource.none());
    Cid cid = TestDags.rawLeaf(utf8("x")).cid();

    assertThatThrownBy(() -> node.pins().unpin(cid, true))
        .isInstanceOf(NotPinnedException.class)
        .hasMessage("not pinned or pinned indirectly");
  }

  @Test
  void unpin_recursivePinWithRecursiveFalse_isRefused() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(8, 1, 10, true);
    store(node, dag.blocks());
    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThatThrownBy(() -> node.pins().unpin(dag.root(), false))
        .isInstanceOf(PinConflictException.class)
        .hasMessage(dag.root() + " is pinned recursively");
    node.pins().unpin(dag.root(), true);
    assertThat(list(Pinner.allKinds())).isEmpty();
  }

  @Test
  void update_movesThePinAndKeepsItsName() throws Exception {
    open(BlockSource.none());
    Dag from = TestDags.file(9, 2, 10, true);
    Dag to = TestDags.file(10, 2, 10, true);
    store(node, from.blocks());
    store(node, to.blocks());
    node.pins().pinRecursive(from.root(), "site", new AtomicLong());

    node.pins().update(from.root(), to.root(), true, new AtomicLong());

    assertThat(list(EnumSet.of(PinKind.RECURSIVE)))
        .containsExactly(new PinListing(to.root(), PinKind.RECURSIVE, "site", null));
  }

  @Test
  void update_fromNotPinned_isRefusedAsKuboDoes() {
    open(BlockSource.none());
    Cid a = TestDags.rawLeaf(utf8("a")).cid();
    Cid b = TestDags.rawLeaf(utf8("b")).cid();

    assertThatThrownBy(() -> node.pins().update(a, b, true, new AtomicLong()))
        .isInstanceOf(PinConflictException.class)
        .hasMessage("'from' cid was not recursively pinned already");
  }

  @Test
  void collectGarbage_removesExactlyTheUnpinnedBlocks() throws Exception {
    open(BlockSource.none());
    Dag pinned = TestDags.wide(11, 3, 4, 50);
    Dag unpinned = TestDags.file(12, 3, 50, true);
    Block direct = TestDags.rawLeaf(utf8("direct"));
    Dag sharing = new Dag(null, List.of(pinned.blocks().get(0), unpinned.blocks().get(1)));
    store(node, pinned.blocks());
    store(node, unpinned.blocks());
    store(node, List.of(direct));
    node.pins().pinRecursive(pinned.root(), "", new AtomicLong());
    node.pins().pinDirect(direct.cid(), "");
    Set<Multihash> expectedKept = new HashSet<>();
    pinned.blocks().forEach(b -> expectedKept.add(b.cid().multihash()));
    expectedKept.add(direct.cid().multihash());
    assertThat(sharing.blocks()).isNotEmpty();
    List<RepoGcKey> removed = new ArrayList<>();

    long count = node.collectGarbage(removed::add);

    assertThat(storedKeys()).isEqualTo(expectedKept);
    assertThat(count).isEqualTo(unpinned.blocks().size());
    assertThat(removed)
        .extracting(k -> k.key().multihash())
        .containsExactlyInAnyOrderElementsOf(
            unpinned.blocks().stream().map(b -> b.cid().multihash()).toList());
    assertThat(node.usage().blocks()).isEqualTo(expectedKept.size());
  }

  @Test
  void pins_surviveARestart() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(13, 2, 10, true);
    store(node, dag.blocks());
    node.pins().pinRecursive(dag.root(), "kept", new AtomicLong());
    node.close();

    open(BlockSource.none());

    assertThat(list(EnumSet.of(PinKind.RECURSIVE)))
        .containsExactly(new PinListing(dag.root(), PinKind.RECURSIVE, "kept", null));
    assertThat(node.identity().peerId().toString()).startsWith("12D3KooW");
  }

  @Test
  void identity_isKeptAcrossRestarts() {
    open(BlockSource.none());
    String first = node.identity().peerId().toString();
    node.close();

    open(BlockSource.none());

    assertThat(node.identity().peerId().toString()).isEqualTo(first);
  }

  @Test
  void importClosedWithoutCommit_takesBackItsNewBlocksButNotOthers() {
    open(BlockSource.none());
    Block old = TestDags.rawLeaf(utf8("already here"));
    store(node, List.of(old));
    Block fresh = TestDags.rawLeaf(utf8("new"));

    try (BlockImport im = node.beginImport()) {
      im.put(old.cid(), old.data());
      im.put(fresh.cid(), fresh.data());
      // no commit: the request failed
    }

    assertThat(node.blockstore().has(old.cid().multihash())).isTrue();
    assertThat(node.blockstore().has(fresh.cid().multihash())).isFalse();
  }

  @Test
  void importClosedWithoutCommit_keepsBlocksAnotherImportWroteToo() {
    open(BlockSource.none());
    Block shared = TestDags.rawLeaf(utf8("shared"));

    try (BlockImport first = node.beginImport()) {
      first.put(shared.cid(), shared.data());
      first.commit();
      try (BlockImport second = node.beginImport()) {
        second.put(shared.cid(), shared.data());
        second.commit();
      }
    }

    try (BlockImport failing = node.beginImport()) {
      failing.put(TestDags.rawLeaf(utf8("other")).cid(), utf8("other"));
    }
    assertThat(node.blockstore().has(shared.cid().multihash())).isTrue();
  }

  @Test
  void removeBlock_pinnedIndirectly_isRefusedNamingThePin() throws Exception {
    open(BlockSource.none());
    Dag dag = TestDags.file(14, 2, 10, true);
    store(node, dag.blocks());
    node.pins().pinRecursive(dag.root(), "", new AtomicLong());

    assertThat(node.removeBlock(dag.root(), false)).isEqualTo("pinned: recursive");
    assertThat(node.removeBlock(dag.blocks().get(0).cid(), false))
        .isEqualTo("pinned via " + dag.root());
    Cid absent = TestDags.rawLeaf(utf8("absent")).cid();
    assertThat(node.removeBlock(absent, false)).isEqualTo("ipld: could not find " + absent);
    assertThat(node.removeBlock(absent, true)).isNull();
  }

  @Test
  void open_repositoryOfTheOtherLayout_isRefusedNamingBoth() {
    open(BlockSource.none()); // packs, the default
    node.close();
    node = null;

    assertThatThrownBy(
            () ->
                IpfsNode.open(
                    EmbeddedNodeConfig.defaults(repo)
                        .withLayout(EmbeddedNodeConfig.BlockstoreLayout.FLATFS),
                    BlockSource.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keeps its blocks in the PACKS layout, not the configured FLATFS");
  }

  @Test
  void flatfsLayout_pinsAndCollectsAsPacksDo() throws Exception {
    node =
        IpfsNode.open(
            EmbeddedNodeConfig.defaults(repo)
                .withLayout(EmbeddedNodeConfig.BlockstoreLayout.FLATFS),
            BlockSource.none());
    Dag kept = TestDags.file(15, 3, 100, false);
    Dag dropped = TestDags.file(16, 3, 100, true);
    store(node, kept.blocks());
    store(node, dropped.blocks());
    node.pins().pinRecursive(kept.root(), "", new AtomicLong());

    node.collectGarbage(k -> {});

    assertThat(storedKeys())
        .containsExactlyInAnyOrderElementsOf(
            kept.blocks().stream().map(b -> b.cid().multihash()).toList());
  }

  @Test
  void collectGarbage_withPacks_freesTheDiskSpaceOfRemovedBlocks() throws Exception {
    open(BlockSource.none());
    Dag big = TestDags.file(17, 8, 100_000, true);
    store(node, big.blocks());
    node.close();
    open(BlockSource.none()); // a new pack for what follows: the first is no longer written to
    Block small = TestDags.rawLeaf(utf8("kept"));
    store(node, List.of(small));
    node.pins().pinDirect(small.cid(), "");

    node.collectGarbage(k -> {});

    long packBytes;
    try (Stream<Path> packs = java.nio.file.Files.list(repo.resolve("packs"))) {
      packBytes =
          packs
              .filter(p -> p.toString().endsWith(".pack"))
              .mapToLong(
                  p -> {
                    try {
                      return java.nio.file.Files.size(p);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .sum();
    }
    assertThat(packBytes).isLessThan(10_000);
    assertThat(node.blockstore().get(small.cid().multihash())).isEqualTo(small.data());
  }
}
