package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.Block;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CrdtConsensus#sync} as {@code DagSync} runs it: ranges first, then the walk by CID. */
@Timeout(60)
class CrdtSyncTest {
  private final Identity alice = identity(1);
  private final Identity bob = identity(2);
  private final Identity carol = identity(3);
  private final List<CrdtConsensus> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(CrdtConsensus::close);
  }

  private CrdtConsensus open(Identity id, CrdtConfig config) {
    CrdtConsensus c = CrdtConsensus.builder(new MemoryDatastore(), id, config).build();
    opened.add(c);
    return c;
  }

  private CrdtConsensus open(Identity id) {
    return open(id, CrdtConfig.defaults());
  }

  /** Serves {@code from}'s blocks by CID and by range, counting the calls of each kind. */
  private static class CountingFetcher implements BlockFetcher {
    final CrdtConsensus from;
    final boolean ranges;
    final AtomicInteger byCid = new AtomicInteger();
    final AtomicInteger manyCalls = new AtomicInteger();
    final AtomicInteger rangeCalls = new AtomicInteger();
    final AtomicLong mostRangeBytes = new AtomicLong();

    CountingFetcher(CrdtConsensus from, boolean ranges) {
      this.from = from;
      this.ranges = ranges;
    }

    @Override
    public Optional<byte[]> fetch(Cid cid, PeerId source) {
      byCid.incrementAndGet();
      return from.block(cid);
    }

    @Override
    public Map<Cid, byte[]> fetchMany(List<Cid> cids, PeerId source) {
      manyCalls.incrementAndGet();
      return BlockFetcher.super.fetchMany(cids, source);
    }

    @Override
    public Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
      if (!ranges) {
        return Map.of();
      }
      rangeCalls.incrementAndGet();
      Map<Cid, byte[]> out = new LinkedHashMap<>();
      try (Stream<Block> blocks = from.blocks(range)) {
        blocks.forEach(b -> out.put(b.cid(), b.data()));
      }
      mostRangeBytes.accumulateAndGet(
          out.values().stream().mapToLong(b -> b.length).sum(), Math::max);
      return out;
    }
  }

  @Test
  void sync_longChain_isFetchedByRangesWithoutOneCallPerBlock() {
    CrdtConsensus a = open(alice);
    CrdtConsensus b = open(bob);
    for (int i = 0; i < 300; i++) {
      a.logPin(pin(i));
    }
    CountingFetcher fetcher = new CountingFetcher(a, true);

    int merged = b.sync(a.currentHeads(), fetcher);

    assertThat(merged).isEqualTo(300);
    assertThat(fetcher.byCid).hasValue(0);
    assertThat(fetcher.rangeCalls.get()).isBetween(1, 300 / (int) DagSync.RANGE_FIRST_SPAN);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
    assertThat(b.info().heads()).isEqualTo(a.info().heads());
    assertThat(b.info().pending()).isZero();
  }

  @Test
  void sync_ofAnImportedStateOfLargeBlocks_asksForRangesOfAboutRangeBytes() {
    CrdtConsensus a = open(alice);
    CrdtConsensus b = open(bob);
    String padding = "p".repeat(500);
    a.replica()
        .replaceAll(
            IntStream.range(0, 20_000)
                .mapToObj(i -> Pin.of(cid(i), PinOptions.defaults().withName(padding + i)))
                .iterator()); // about ten blocks of up to 1 MiB
    CountingFetcher fetcher = new CountingFetcher(a, true);

    b.sync(a.currentHeads(), fetcher);

    assertThat(b.info().pins()).isEqualTo(20_000);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
    assertThat(fetcher.mostRangeBytes.get())
        .as("bytes of the largest range call")
        .isLessThanOrEqualTo(DagSync.RANGE_BYTES + BlockCodec.MAX_BLOCK_BYTES);
  }

  @Test
  void sync_senderWithoutRanges_walksTheChainByCid() {
    CrdtConsensus a = open(alice);
    CrdtConsensus b = open(bob);
    for (int i = 0; i < 50; i++) {
      a.logPin(pin(i));
    }
    CountingFetcher fetcher = new CountingFetcher(a, false);

    assertThat(b.sync(a.currentHeads(), fetcher)).isEqualTo(50);
    assertThat(fetcher.byCid).hasValue(50);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
  }

  @Test
  void sync_manyConcurrentHeads_fetchesThemInFewCalls() {
    CrdtConsensus a = open(alice);
    List<CrdtConsensus> writers = new ArrayList<>();
    for (int w = 0; w < 40; w++) {
      CrdtConsensus writer = open(identity(100 + w));
      writer.logPin(pin(w));
      writers.add(writer);
    }
    for (CrdtConsensus writer : writers) {
      a.sync(writer.currentHeads(), (cid, source) -> writer.block(cid));
    }
    assertThat(a.info().heads()).hasSize(40);
    CrdtConsensus b = open(bob);
    CountingFetcher fetcher = new CountingFetcher(a, false);

    assertThat(b.sync(a.currentHeads(), fetcher)).isEqualTo(40);
    assertThat(fetcher.manyCalls.get()).isLessThanOrEqualTo(2);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
  }

  @Test
  void sync_rangeOfAnUntrustedWriter_isSkipped_andTheWalkReportsIt() {
    CrdtConsensus a = open(alice);
    a.logPin(pin(1));
    CrdtConsensus c = open(carol);
    c.sync(a.currentHeads(), (cid, source) -> a.block(cid));
    c.logPin(pin(2));
    CrdtConsensus b = open(bob, CrdtConfig.defaults().withTrustedPeers(List.of()));
    b.trust(carol.peerId());
    CountingFetcher fetcher = new CountingFetcher(c, true);

    assertThatThrownBy(() -> b.sync(c.currentHeads(), fetcher))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("not trusted");
    assertThat(b.state().has(cid(2))).isTrue();
    assertThat(b.state().has(cid(1))).isFalse();
    assertThat(b.info().pending()).isEqualTo(1);
  }

  @Test
  void sync_rangeAnsweredWithABlockOutsideIt_isRejected() {
    CrdtConsensus a = open(alice);
    a.logPin(pin(1));
    a.logPin(pin(2));
    WriterId writer = a.info().versionVector().entries().firstKey();
    BlockFetcher lying =
        new CountingFetcher(a, true) {
          @Override
          public Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
            return super.fetchRange(new DotRange(range.writer(), 0, 2), source);
          }
        };
    // Announces seq 1 of the writer only: (0, 1] is asked for, the answer holds seq 2 too.
    HeadAnnouncement partial =
        new HeadAnnouncement(
            alice.peerId(),
            a.info().heads(),
            new VersionVector(new TreeMap<>(Map.of(writer, 1L))),
            a.info().stateDigest());
    CrdtConsensus b = open(bob);

    assertThatThrownBy(() -> b.sync(partial, lying))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("is not in the range");
  }
}
