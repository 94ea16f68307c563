package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CrdtConsensus#sync} of announcements that carry their commit's blocks inline. */
@Timeout(60)
class CrdtInlineSyncTest {
  private final Identity alice = identity(1);
  private final Identity bob = identity(2);
  private final List<CrdtConsensus> opened = new ArrayList<>();
  private final List<HeadAnnouncement> announced = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(CrdtConsensus::close);
  }

  private CrdtConsensus open(Identity id, CrdtConfig config, HeadAnnouncer announcer) {
    CrdtConsensus c =
        CrdtConsensus.builder(new MemoryDatastore(), id, config).announcer(announcer).build();
    opened.add(c);
    return c;
  }

  /** Serves {@code from}'s blocks, counting every call. */
  private static final class CountingFetcher implements BlockFetcher {
    final CrdtConsensus from;
    final AtomicInteger calls = new AtomicInteger();

    CountingFetcher(CrdtConsensus from) {
      this.from = from;
    }

    @Override
    public Optional<byte[]> fetch(Cid cid, PeerId source) {
      calls.incrementAndGet();
      return from.block(cid);
    }

    @Override
    public Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
      calls.incrementAndGet();
      Map<Cid, byte[]> out = new java.util.LinkedHashMap<>();
      from.blocks(range).forEach(b -> out.put(b.cid(), b.data()));
      return out;
    }
  }

  @Test
  void sync_withInlineBlocks_mergesWithoutAnyFetch() {
    CrdtConsensus a = open(alice, CrdtConfig.defaults(), announced::add);
    a.logPin(pin(1));
    CrdtConsensus b = open(bob, CrdtConfig.defaults(), HeadAnnouncer.NONE);
    CountingFetcher fetcher = new CountingFetcher(a);

    assertThat(announced.getLast().blocks()).hasSize(1);
    assertThat(b.sync(announced.getLast(), fetcher)).isEqualTo(1);

    assertThat(fetcher.calls).hasValue(0);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
    assertThat(b.info().pending()).isZero();
  }

  @Test
  void sync_inlineBlockWithMissingParent_fetchesTheParent() {
    CrdtConsensus a = open(alice, CrdtConfig.defaults(), announced::add);
    a.logPin(pin(1));
    a.logPin(pin(2));
    CrdtConsensus b = open(bob, CrdtConfig.defaults(), HeadAnnouncer.NONE);
    CountingFetcher fetcher = new CountingFetcher(a);

    assertThat(b.sync(announced.getLast(), fetcher)).isEqualTo(2);

    assertThat(fetcher.calls.get()).isPositive();
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
    assertThat(b.info().pending()).isZero();
  }

  @Test
  void sync_inlineBlockOfUntrustedAuthor_isRefused() {
    CrdtConsensus a = open(alice, CrdtConfig.defaults(), announced::add);
    a.logPin(pin(1));
    CrdtConsensus b =
        open(bob, CrdtConfig.defaults().withTrustedPeers(List.of()), HeadAnnouncer.NONE);

    assertThatThrownBy(() -> b.sync(announced.getLast(), new CountingFetcher(a)))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("not trusted");
    assertThat(b.info().pins()).isZero();
  }

  @Test
  void sync_tamperedInlineBlock_isRefused() {
    CrdtConsensus a = open(alice, CrdtConfig.defaults(), announced::add);
    a.logPin(pin(1));
    HeadAnnouncement real = announced.getLast();
    byte[] tampered = real.blocks().getFirst().clone();
    tampered[tampered.length - 1] ^= 1; // in the signature
    HeadAnnouncement forged =
        new HeadAnnouncement(
            real.sender(),
            real.heads(),
            real.versionVector(),
            real.stateDigest(),
            List.of(tampered));
    CrdtConsensus b = open(bob, CrdtConfig.defaults(), HeadAnnouncer.NONE);

    assertThatThrownBy(() -> b.sync(forged, new CountingFetcher(a)))
        .isInstanceOf(InvalidBlockException.class);
    assertThat(b.info().pins()).isZero();
  }

  @Test
  void carryingBlocksOf_laterAnnouncement_keepsTheEarlierBlocks() {
    CrdtConsensus a = open(alice, CrdtConfig.defaults(), announced::add);
    a.logPin(pin(1));
    a.logPin(pin(2));
    HeadAnnouncement both = announced.getLast().carryingBlocksOf(announced.getFirst());
    CrdtConsensus b = open(bob, CrdtConfig.defaults(), HeadAnnouncer.NONE);
    CountingFetcher fetcher = new CountingFetcher(a);

    assertThat(b.sync(both, fetcher)).isEqualTo(2);

    assertThat(fetcher.calls).hasValue(0);
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
  }
}
