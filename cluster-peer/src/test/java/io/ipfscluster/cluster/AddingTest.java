package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.OTHER;
import static io.ipfscluster.cluster.PinningTest.SELF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.ipfs.ipld.CarWriter;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Adding: import, block streams to the allocated peers, then the cluster pin (spec §8.6). */
@Timeout(60)
class AddingTest {
  private static final byte[] DATA = random(1_000_000);

  /** Records the blocks each peer's node received; peers in {@code failing} refuse them. */
  static final class RecordingDestination implements Adding.BlockDestination {
    final Map<PeerId, List<Cid>> received = new ConcurrentHashMap<>();
    final List<Throwable> endings = new CopyOnWriteArrayList<>();
    final Set<PeerId> failing;

    RecordingDestination(Set<PeerId> failing) {
      this.failing = failing;
    }

    @Override
    public void stream(PeerId peer, Iterator<Block> blocks) {
      List<Cid> got = received.computeIfAbsent(peer, p -> new CopyOnWriteArrayList<>());
      try {
        while (blocks.hasNext()) {
          if (failing.contains(peer)) {
            throw new IllegalStateException("node of " + peer.shortString() + " is down");
          }
          Block b = blocks.next();
          assertThat(b.verify()).isTrue();
          got.add(b.cid());
        }
      } catch (RuntimeException e) {
        endings.add(e);
        throw e;
      }
    }
  }

  final MemoryConsensus consensus = new MemoryConsensus(List.of(SELF));
  RecordingDestination destination = new RecordingDestination(Set.of());

  Adding adding(MemoryConsensus c, int rmin, int rmax) {
    Pinning pinning =
        new Pinning(
            new Pinning.Settings(rmin, rmax, false),
            c,
            new ResolvingIpfs(Map.of()),
            FixedMetrics.allocation(c, NOW),
            InstantSource.fixed(NOW));
    return new Adding(SELF, pinning, destination);
  }

  static AddParams params(String query) {
    return AddParams.fromQuery(QueryString.parse(query), NOW);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  static Adding.EntrySource entries(ImportEntry... entries) {
    Iterator<ImportEntry> it = List.of(entries).iterator();
    return () -> it.hasNext() ? it.next() : null;
  }

  static ImportEntry file(String path, byte[] data) {
    return ImportEntry.file(path, new ByteArrayInputStream(data));
  }

  /** What the importer alone makes of the same entries. */
  static MemoryBlockSink expected(ImportOptions options, List<AddedOutput> out, ImportEntry... es)
      throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    UnixfsImporter.importAll(options, sink, out::add, List.of(es));
    return sink;
  }

  @Test
  void add_file_streamsEveryBlock_thenPinsTheRootWithTheOptions() throws Exception {
    List<AddedOutput> out = new ArrayList<>();
    AddParams p = params("name=mine&meta-k=v&mode=direct&replication=1");

    Cid root = adding(consensus, -1, -1).add(p, entries(file("f.bin", DATA)), out::add);

    List<AddedOutput> want = new ArrayList<>();
    MemoryBlockSink blocks = expected(ImportOptions.defaults(), want, file("f.bin", DATA));
    assertThat(root).isEqualTo(want.get(want.size() - 1).cid());
    assertThat(destination.received.get(SELF))
        .containsExactlyElementsOf(blocks.blocks().stream().map(Block::cid).toList());
    assertThat(out).hasSize(1);
    assertThat(out.get(0).name()).isEqualTo("f.bin");
    assertThat(out.get(0).cid()).isEqualTo(root);
    assertThat(out.get(0).allocations()).containsExactly(SELF);
    Pin pin = consensus.state.get(root).orElseThrow();
    assertThat(pin.options().name()).isEqualTo("mine");
    assertThat(pin.options().metadata()).containsEntry("k", "v");
    assertThat(pin.mode()).as("adds are always recursive").isEqualTo(PinMode.RECURSIVE);
    assertThat(pin.allocations()).containsExactly(SELF);
  }

  @Test
  void add_directoryWithProgress_emitsEveryNodeAndBytes_rootLast() throws Exception {
    List<AddedOutput> out = new ArrayList<>();
    ImportEntry[] tree = {
      ImportEntry.directory("d"), file("d/a.txt", "alpha".getBytes()), file("d/sub/b", DATA)
    };

    Cid root =
        adding(consensus, -1, -1)
            .add(params("progress=true&cid-version=1"), entries(tree), out::add);

    ImportEntry[] again = {
      ImportEntry.directory("d"), file("d/a.txt", "alpha".getBytes()), file("d/sub/b", DATA)
    };
    List<AddedOutput> want = new ArrayList<>();
    expected(ImportOptions.fromAddParams(params("progress=true&cid-version=1")), want, again);
    assertThat(out)
        .extracting(AddedOutput::name, AddedOutput::cid, AddedOutput::bytes)
        .containsExactlyElementsOf(
            want.stream()
                .map(o -> org.assertj.core.groups.Tuple.tuple(o.name(), o.cid(), o.bytes()))
                .toList());
    assertThat(out.stream().filter(o -> o.bytes() > 0 && o.cid() == null)).isNotEmpty();
    assertThat(out.get(out.size() - 1).cid()).isEqualTo(root);
    assertThat(out.get(out.size() - 1).name()).isEqualTo("d");
    assertThat(root.version()).isEqualTo(1);
  }

  @Test
  void add_noPin_storesTheBlocksButPinsNothing() throws Exception {
    Cid root =
        adding(consensus, -1, -1).add(params("no-pin=true"), entries(file("x", DATA)), o -> {});

    assertThat(destination.received.get(SELF)).contains(root);
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void add_local_sendsBlocksHereOnly_andReplacesTheLastAllocation() throws Exception {
    MemoryConsensus two = new MemoryConsensus(List.of(OTHER, SELF));

    Cid root = adding(two, 1, 1).add(params("local=true"), entries(file("x", DATA)), o -> {});

    assertThat(destination.received.keySet()).containsExactly(SELF);
    assertThat(two.state.get(root).orElseThrow().allocations()).containsExactly(SELF);
  }

  @Test
  void add_withoutLocal_sendsBlocksToTheAllocatedPeer() throws Exception {
    MemoryConsensus two = new MemoryConsensus(List.of(OTHER, SELF));

    Cid root = adding(two, 1, 1).add(params(""), entries(file("x", DATA)), o -> {});

    assertThat(destination.received.keySet()).containsExactly(OTHER);
    assertThat(two.state.get(root).orElseThrow().allocations()).containsExactly(OTHER);
  }

  @Test
  void add_oneOfTwoDestinationsFails_stillAddsAndPins() throws Exception {
    destination = new RecordingDestination(Set.of(OTHER));
    MemoryConsensus two = new MemoryConsensus(List.of(SELF, OTHER));

    Cid root = adding(two, 2, 2).add(params(""), entries(file("x", DATA)), o -> {});

    assertThat(destination.received.get(SELF)).contains(root);
    assertThat(two.state.get(root).orElseThrow().allocations())
        .containsExactlyInAnyOrder(SELF, OTHER);
  }

  @Test
  void add_everyDestinationFails_failsWithTheOriginalMessage_andPinsNothing() {
    destination = new RecordingDestination(Set.of(SELF));

    assertThatThrownBy(
            () -> adding(consensus, -1, -1).add(params(""), entries(file("x", DATA)), o -> {}))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("failed to put block on all destinations: node of ")
        .hasMessageEndingWith(" is down");
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void add_bodyFailsHalfWay_abortsTheBlockStream_andPinsNothing() {
    InputStream broken =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ > 600_000) {
              throw new IOException("the upload was cut short");
            }
            return 1;
          }
        };

    assertThatThrownBy(
            () ->
                adding(consensus, -1, -1)
                    .add(params(""), entries(ImportEntry.file("x", broken)), o -> {}))
        .hasMessage("the upload was cut short");
    assertThat(destination.endings)
        .singleElement()
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void add_car_importsItsBlocks_andPinsItsRoot() throws Exception {
    MemoryBlockSink blocks = expected(ImportOptions.defaults(), new ArrayList<>(), file("f", DATA));
    Cid dagRoot = blocks.blocks().get(blocks.blocks().size() - 1).cid();
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, List.of(dagRoot));
    for (Block b : blocks.blocks()) {
      writer.write(b);
    }
    List<AddedOutput> out = new ArrayList<>();

    Cid root =
        adding(consensus, -1, -1)
            .add(params("format=car"), entries(file("dag.car", car.toByteArray())), out::add);

    assertThat(root).isEqualTo(dagRoot);
    assertThat(out)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.name()).isEqualTo("dag.car");
              assertThat(o.size()).isEqualTo(DATA.length);
              assertThat(o.allocations()).containsExactly(SELF);
            });
    assertThat(Set.copyOf(destination.received.get(SELF)))
        .isEqualTo(blocks.blocks().stream().map(Block::cid).collect(Collectors.toSet()));
    assertThat(consensus.state.get(root)).isPresent();
  }

  @Test
  void importOptions_refusesShardingNocopyAndWrappedCars() {
    assertThatThrownBy(() -> Adding.importOptions(params("shard=true")))
        .hasMessageStartingWith("sharding is not supported yet");
    assertThatThrownBy(() -> Adding.importOptions(params("nocopy=true")))
        .hasMessageContaining("nocopy");
    assertThatThrownBy(() -> Adding.importOptions(params("format=car&wrap-with-directory=true")))
        .hasMessage("cannot wrap a CAR file upload");
    assertThatThrownBy(() -> Adding.importOptions(params("hash=nope")))
        .hasMessageContaining("unrecognized hash function");
  }

  @Test
  void add_badReplication_failsBeforeReadingAnything() {
    boolean[] read = {false};
    Adding.EntrySource source =
        () -> {
          read[0] = true;
          return null;
        };

    assertThatThrownBy(
            () ->
                adding(consensus, -1, -1)
                    .add(params("replication-min=2&replication-max=1"), source, o -> {}))
        .hasMessageContaining("bad replication factors");
    assertThat(read[0]).isFalse();
  }
}
