package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.CrdtBatchingConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CrdtConsensusTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final Identity alice = identity(1);
  private final Identity bob = identity(2);
  private final ManualScheduler timer = new ManualScheduler();
  private final List<CrdtConsensus> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(CrdtConsensus::close);
  }

  static CrdtConfig config(int maxBatchSize, Duration maxBatchAge, int maxQueueSize) {
    CrdtConfig d = CrdtConfig.defaults();
    return new CrdtConfig(
        d.clusterName(),
        d.trustedPeers(),
        new CrdtBatchingConfig(maxBatchSize, maxBatchAge, maxQueueSize),
        d.repairInterval(),
        d.rebroadcastInterval(),
        d.peersetMetric(),
        d.datastoreNamespace());
  }

  private CrdtConsensus open(Datastore store, Identity id, CrdtConfig config, Consumer<Pin> put) {
    CrdtConsensus c =
        CrdtConsensus.builder(store, id, config).hooks(put, cid -> {}).scheduler(timer).build();
    opened.add(c);
    return c;
  }

  private CrdtConsensus open(CrdtConfig config) {
    return open(new MemoryDatastore(), alice, config, p -> {});
  }

  /** Starts logPin(pin(i)) on a virtual thread. */
  private static CompletableFuture<Void> logPinAsync(CrdtConsensus c, int i) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                c.logPin(pin(i));
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            });
    return done;
  }

  private static long ownBlocks(CrdtConsensus c) {
    ReplicaInfo info = c.info();
    return info.writer() == null ? 0 : info.versionVector().get(info.writer());
  }

  private static DeltaBlock headBlock(CrdtConsensus c) {
    BlockRef head = c.info().heads().getLast();
    return BlockCodec.decode(head.cid(), c.block(head.cid()).orElseThrow());
  }

  @Test
  void batching_closesABatchAtMaxBatchSize_oneBlockForAllItsCallers() {
    CrdtConsensus c = open(config(8, Duration.ofHours(1), 100));
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      calls.add(logPinAsync(c, i));
    }
    await().atMost(DEADLINE).until(() -> c.waiting() == 7);
    assertThat(calls).noneMatch(CompletableFuture::isDone);
    assertThat(ownBlocks(c)).isZero();

    calls.add(logPinAsync(c, 7));
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    assertThat(ownBlocks(c)).isEqualTo(1);
    assertThat(headBlock(c).delta().adds()).hasSize(8);
  }

  @Test
  void batching_closesABatchAtMaxBatchAge() {
    CrdtConsensus c = open(config(100, Duration.ofSeconds(5), 100));
    List<CompletableFuture<Void>> calls = List.of(logPinAsync(c, 1), logPinAsync(c, 2));
    await().atMost(DEADLINE).until(() -> c.waiting() == 2);
    assertThat(timer.pending()).containsExactly(Duration.ofSeconds(5));
    assertThat(calls).noneMatch(CompletableFuture::isDone);

    timer.fireAll();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    assertThat(ownBlocks(c)).isEqualTo(1);
    assertThat(headBlock(c).delta().adds()).hasSize(2);
    assertThat(c.state().has(cid(1))).isTrue();
  }

  @Test
  void noBatching_callersArrivingDuringACommit_shareTheNextBlock() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger puts = new AtomicInteger();
    Consumer<Pin> slowFirstHook =
        p -> {
          if (puts.getAndIncrement() == 0) {
            awaitLatch(release); // holds the committing thread inside the first commit
          }
        };
    CrdtConsensus c = open(new MemoryDatastore(), alice, CrdtConfig.defaults(), slowFirstHook);
    CompletableFuture<Void> first = logPinAsync(c, 0);
    await().atMost(DEADLINE).until(() -> puts.get() == 1);
    List<CompletableFuture<Void>> later = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      later.add(logPinAsync(c, i));
    }
    await().atMost(DEADLINE).until(() -> c.waiting() == 5);

    release.countDown();
    first.join();
    CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).join();

    assertThat(ownBlocks(c)).isEqualTo(2);
    assertThat(headBlock(c).delta().adds()).hasSize(5);
  }

  @Test
  void queueFull_failsAtOnceWithTheOriginalsMessage_andLosesNothingAcknowledged() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger puts = new AtomicInteger();
    Consumer<Pin> slowFirstHook =
        p -> {
          if (puts.getAndIncrement() == 0) {
            awaitLatch(release);
          }
        };
    CrdtConsensus c =
        open(new MemoryDatastore(), alice, config(0, Duration.ZERO, 2), slowFirstHook);
    CompletableFuture<Void> committing = logPinAsync(c, 1);
    await().atMost(DEADLINE).until(() -> puts.get() == 1);
    List<CompletableFuture<Void>> queued = List.of(logPinAsync(c, 2), logPinAsync(c, 3));
    await().atMost(DEADLINE).until(() -> c.waiting() == 2);

    assertThatThrownBy(() -> c.logPin(pin(4)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "error batching item: batching max_queue_size reached. Too many operations are"
                + " waiting to be batched. Try increasing the max_queue_size or adjusting the"
                + " batching options");

    release.countDown();
    committing.join();
    queued.forEach(CompletableFuture::join);
    assertThat(c.state().has(cid(1))).isTrue();
    assertThat(c.state().has(cid(3))).isTrue();
    assertThat(c.state().has(cid(4))).isFalse();
  }

  @Test
  void close_commitsThePendingBatch_beforeReturning() {
    MemoryDatastore store = new MemoryDatastore();
    CrdtConsensus c = open(store, alice, config(100, Duration.ofHours(1), 100), p -> {});
    List<CompletableFuture<Void>> calls = List.of(logPinAsync(c, 1), logPinAsync(c, 2));
    await().atMost(DEADLINE).until(() -> c.waiting() == 2);

    c.close();

    assertThat(c.state().has(cid(1))).isTrue(); // committed before close returned
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join(); // and acknowledged
    CrdtConsensus reopened = open(store, alice, CrdtConfig.defaults(), p -> {});
    assertThat(reopened.state().has(cid(1))).isTrue();
    assertThat(reopened.state().has(cid(2))).isTrue();
  }

  @Test
  void logPin_afterClose_failsWithTheOriginalsShutdownMessage() {
    CrdtConsensus c = open(CrdtConfig.defaults());
    c.close();

    assertThatThrownBy(() -> c.logPin(pin(1)))
        .isInstanceOf(ClusterException.class)
        .hasMessage("shutting down. Pin could not be batched");
  }

  @Test
  void datastoreFailure_failsEveryCallerOfTheBatch_andTheNextCommitWorks() {
    LossyDatastore store = new LossyDatastore();
    CrdtConsensus c = open(store, alice, CrdtConfig.defaults(), p -> {});
    store.failNextCommits(1);

    assertThatThrownBy(() -> c.logPin(pin(1)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cannot commit to the CRDT state: injected failure: disk full");
    assertThat(c.state().has(cid(1))).isFalse();

    c.logPin(pin(2));
    assertThat(c.state().has(cid(2))).isTrue();
    ReplicaModel.check(c.replica(), Map.of());
  }

  @Test
  void logPin_ofAPinTooLargeToReplicate_isInvalid() {
    CrdtConsensus c = open(CrdtConfig.defaults());
    Pin huge = Pin.of(cid(1), PinOptions.defaults().withName("x".repeat(600_000)));

    assertThatThrownBy(() -> c.logPin(huge))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.INVALID))
        .hasMessageContaining("too large to replicate");
  }

  @Test
  void addPeerAndLeader_behaveAsTheOriginal() {
    CrdtConsensus c = open(CrdtConfig.defaults());

    c.addPeer(bob.peerId());
    c.waitForSync(Duration.ofSeconds(1));

    assertThat(c.peers()).containsExactly(alice.peerId());
    assertThatThrownBy(c::leader)
        .isInstanceOf(ClusterException.class)
        .hasMessage("crdt consensus component does not provide a leader");
  }

  @Test
  void trust_followsTrustedPeers_selfAlways_andStarForAll() {
    Identity carol = identity(3);
    CrdtConsensus listed =
        open(
            new MemoryDatastore(),
            alice,
            CrdtConfig.defaults().withTrustedPeers(List.of(bob.peerId().toString())),
            p -> {});
    CrdtConsensus all = open(CrdtConfig.defaults());

    assertThat(listed.isTrustedPeer(alice.peerId())).isTrue();
    assertThat(listed.isTrustedPeer(bob.peerId())).isTrue();
    assertThat(listed.isTrustedPeer(carol.peerId())).isFalse();
    listed.trust(carol.peerId());
    assertThat(listed.isTrustedPeer(carol.peerId())).isTrue();
    listed.distrust(carol.peerId());
    assertThat(listed.isTrustedPeer(carol.peerId())).isFalse();
    assertThat(all.isTrustedPeer(carol.peerId())).isTrue();
  }

  @Test
  void receive_ofAForgedBlock_isRejected_andChangesNothing() {
    CrdtConsensus c = open(CrdtConfig.defaults());
    Identity mallory = identity(9);
    byte[] incarnation = TestPins.incarnation(2);
    Delta claimsBob =
        new Delta(
            WriterId.of(bob.peerId(), incarnation),
            bob.peerId(),
            incarnation,
            1,
            1,
            List.of(),
            List.of(new Delta.Add(cid(1), TestPins.value(1, "forged"))),
            List.of());
    byte[] body = BlockCodec.encodeBody(claimsBob);
    byte[] forged =
        BlockCodecTest.withSignature(
            body,
            mallory.sign(BlockCodecTest.concat("ipfs-cluster/crdt/block/v1\0".getBytes(), body)));

    assertThatThrownBy(() -> c.receive(BlockCodec.cidOf(forged), forged))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("signature");
    assertThat(c.state().has(cid(1))).isFalse();
    assertThat(c.info().heads()).isEmpty();
  }

  @Test
  void receive_fromAnUntrustedAuthor_isRejected() {
    CrdtConsensus c =
        open(
            new MemoryDatastore(),
            alice,
            CrdtConfig.defaults().withTrustedPeers(List.of()),
            p -> {});
    CrdtConsensus b = open(new MemoryDatastore(), bob, CrdtConfig.defaults(), p -> {});
    b.logPin(pin(1));
    BlockRef head = b.info().heads().get(0);
    byte[] bytes = b.block(head.cid()).orElseThrow();

    assertThatThrownBy(() -> c.receive(head.cid(), bytes))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("not trusted");
    c.trust(bob.peerId());
    assertThat(c.receive(head.cid(), bytes)).isTrue();
    assertThat(c.state().has(cid(1))).isTrue();
  }

  @Test
  void sync_fetchesTheAnnouncedHistory_andCallsTheHooks() {
    List<HeadAnnouncement> announced = new CopyOnWriteArrayList<>();
    CrdtConsensus a =
        CrdtConsensus.builder(new MemoryDatastore(), alice, CrdtConfig.defaults())
            .announcer(announced::add)
            .build();
    opened.add(a);
    List<String> bobHooks = new CopyOnWriteArrayList<>();
    CrdtConsensus b =
        CrdtConsensus.builder(new MemoryDatastore(), bob, CrdtConfig.defaults())
            .hooks(p -> bobHooks.add("put " + p.cid()), cid -> bobHooks.add("delete " + cid))
            .build();
    opened.add(b);
    a.logPin(pin(1));
    a.logPin(pin(2));
    a.logUnpin(pin(1));
    b.logPin(pin(3));

    int merged = b.sync(announced.getLast(), (cid, source) -> a.block(cid));

    assertThat(announced).hasSize(3);
    assertThat(announced.getLast().heads()).isEqualTo(a.info().heads());
    assertThat(merged).isEqualTo(3);
    assertThat(b.state().has(cid(1))).isFalse();
    assertThat(b.state().has(cid(2))).isTrue();
    assertThat(b.state().has(cid(3))).isTrue();
    assertThat(bobHooks).contains("put " + cid(2)).doesNotContain("put " + cid(1));
    assertThat(b.info().pending()).isZero();
    a.sync(b.currentHeads(), (cid, source) -> b.block(cid));
    assertThat(a.info().versionVector()).isEqualTo(b.info().versionVector());
    assertThat(a.info().stateDigest()).isEqualTo(b.info().stateDigest());
    assertThat(a.info().heads()).isEqualTo(b.info().heads());
  }

  @Test
  void changeHooks_putHookGetsThePinItReplaced_orNullForANewCid_locallyAndFromSync() {
    List<String> aPuts = new CopyOnWriteArrayList<>();
    List<String> bPuts = new CopyOnWriteArrayList<>();
    List<HeadAnnouncement> announced = new CopyOnWriteArrayList<>();
    CrdtConsensus a =
        CrdtConsensus.builder(new MemoryDatastore(), alice, CrdtConfig.defaults())
            .announcer(announced::add)
            .changeHooks((p, old) -> aPuts.add(describe(p, old)), cid -> {})
            .build();
    CrdtConsensus b =
        CrdtConsensus.builder(new MemoryDatastore(), bob, CrdtConfig.defaults())
            .changeHooks((p, old) -> bPuts.add(describe(p, old)), cid -> {})
            .build();
    opened.add(a);
    opened.add(b);

    a.logPin(pin(1, "first"));
    a.logPin(pin(1, "second"));
    a.logUnpin(pin(1));
    a.logPin(pin(1, "third"));
    b.logPin(pin(2, "bob's"));
    b.sync(announced.getLast(), (cid, source) -> a.block(cid));
    b.logPin(pin(1, "fourth"));

    assertThat(aPuts).containsExactly("first<-null", "second<-first", "third<-null");
    assertThat(bPuts).containsExactly("bob's<-null", "third<-null", "fourth<-third");
  }

  private static String describe(Pin pin, Pin replaced) {
    return pin.options().name() + "<-" + (replaced == null ? null : replaced.options().name());
  }

  @Test
  void sync_whenABlockCannotBeFetched_leavesItPending_andTheNextSyncCompletes() {
    CrdtConsensus a = open(CrdtConfig.defaults());
    CrdtConsensus b = open(new MemoryDatastore(), bob, CrdtConfig.defaults(), p -> {});
    a.logPin(pin(1));
    Cid first = a.info().heads().get(0).cid();
    a.logPin(pin(2));
    BlockFetcher flaky = (cid, source) -> cid.equals(first) ? Optional.empty() : a.block(cid);

    b.sync(a.currentHeads(), flaky);
    assertThat(b.info().pending()).isEqualTo(1);
    assertThat(b.state().has(cid(2))).isTrue();

    b.sync(a.currentHeads(), (cid, source) -> a.block(cid));
    assertThat(b.info().pending()).isZero();
    assertThat(b.state().has(cid(1))).isTrue();
    assertThat(b.info().stateDigest()).isEqualTo(a.info().stateDigest());
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
