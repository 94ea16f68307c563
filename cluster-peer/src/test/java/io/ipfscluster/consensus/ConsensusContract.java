package io.ipfscluster.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Consensus} has, whatever keeps the pinset consistent (crdt, raft): a
 * test class per implementation extends it. Subclasses open the consensus on storage that lives as
 * long as the test, wired to {@link #hooks}.
 */
@Timeout(60)
public abstract class ConsensusContract {
  private static final Duration HOOK_DEADLINE = Duration.ofSeconds(10);

  /** What the put and delete hooks received, in order: "put CID name" or "delete CID". */
  protected final List<String> hooks = new CopyOnWriteArrayList<>();

  private final List<Consensus> opened = new ArrayList<>();

  /**
   * Opens the consensus on this test's storage with its hooks writing to {@link #hooks}; after the
   * previous one was closed, opens the same storage again.
   */
  protected abstract Consensus openConsensus();

  /** The peer the consensus runs as. */
  protected abstract PeerId self();

  /** Hook adapters for subclasses: the put hook. */
  protected void onPut(Pin pin) {
    hooks.add("put " + pin.cid() + " " + pin.options().name());
  }

  /** Hook adapters for subclasses: the delete hook. */
  protected void onDelete(Cid cid) {
    hooks.add("delete " + cid);
  }

  protected final Consensus open() {
    Consensus c = openConsensus();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Consensus::close);
  }

  protected static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  protected static Pin pin(int i, String name) {
    return Pin.of(cid(i), PinOptions.defaults().withName(name));
  }

  private static String name(Consensus c, int i) {
    return c.state().get(cid(i)).map(p -> p.options().name()).orElse(null);
  }

  @Test
  void awaitReady_onAFreshPeer_isTrue() {
    assertThat(open().awaitReady(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void logPin_thenTheStateHasThePin() {
    Consensus c = open();

    c.logPin(pin(1, "one"));

    assertThat(c.state().has(cid(1))).isTrue();
    assertThat(c.state().get(cid(1))).contains(pin(1, "one"));
    try (Stream<Pin> pins = c.state().list()) {
      assertThat(pins).containsExactly(pin(1, "one"));
    }
  }

  @Test
  void logPin_callsThePutHook() {
    Consensus c = open();

    c.logPin(pin(1, "one"));

    await().atMost(HOOK_DEADLINE).until(() -> hooks.contains("put " + cid(1) + " one"));
  }

  @Test
  void logPin_ofAPinnedCid_replacesItsPin() {
    Consensus c = open();
    c.logPin(pin(1, "first"));

    c.logPin(pin(1, "second"));

    assertThat(name(c, 1)).isEqualTo("second");
    try (Stream<Pin> pins = c.state().list()) {
      assertThat(pins).hasSize(1);
    }
  }

  @Test
  void logPin_sameTwice_isIdempotent() {
    Consensus c = open();

    c.logPin(pin(1, "same"));
    c.logPin(pin(1, "same"));

    assertThat(c.state().get(cid(1))).contains(pin(1, "same"));
    try (Stream<Pin> pins = c.state().list()) {
      assertThat(pins).hasSize(1);
    }
  }

  @Test
  void logUnpin_removesThePin_andCallsTheDeleteHook() {
    Consensus c = open();
    c.logPin(pin(1, "one"));

    c.logUnpin(pin(1, "one"));

    assertThat(c.state().has(cid(1))).isFalse();
    await().atMost(HOOK_DEADLINE).until(() -> hooks.contains("delete " + cid(1)));
  }

  @Test
  void logUnpin_ofACidNotPinned_changesNothing() {
    Consensus c = open();
    c.logPin(pin(1, "one"));

    c.logUnpin(pin(2, "never pinned"));

    assertThat(c.state().has(cid(1))).isTrue();
    await().atMost(HOOK_DEADLINE).until(() -> hooks.size() == 1);
    assertThat(hooks).noneMatch(e -> e.startsWith("delete"));
  }

  @Test
  void operationsOfOneCaller_applyInOrder_andHooksFollowThatOrder() {
    Consensus c = open();

    c.logPin(pin(1, "v1"));
    c.logPin(pin(2, "other"));
    c.logUnpin(pin(1, "v1"));
    c.logPin(pin(1, "v2"));

    assertThat(name(c, 1)).isEqualTo("v2");
    assertThat(name(c, 2)).isEqualTo("other");
    List<String> expected =
        List.of(
            "put " + cid(1) + " v1",
            "put " + cid(2) + " other",
            "delete " + cid(1),
            "put " + cid(1) + " v2");
    await().atMost(HOOK_DEADLINE).until(() -> hooks.size() >= expected.size());
    assertThat(hooks).isEqualTo(expected);
  }

  @Test
  void concurrentCallers_eachSeeTheirWritesApplied() throws Exception {
    Consensus c = open();
    int callers = 8;
    int perCaller = 25;
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      int caller = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perCaller; i++) {
                  int n = caller * 1000 + i;
                  c.logPin(pin(n, "c" + caller));
                  assertThat(c.state().has(cid(n))).isTrue(); // visible once acknowledged
                  if (i % 5 == 4) {
                    c.logUnpin(pin(n, "c" + caller));
                  }
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.close();

    Map<Cid, String> expected = new TreeMap<>();
    for (int t = 0; t < callers; t++) {
      for (int i = 0; i < perCaller; i++) {
        if (i % 5 != 4) {
          expected.put(cid(t * 1000 + i), "c" + t);
        }
      }
    }
    Map<Cid, String> got = new TreeMap<>();
    try (Stream<Pin> pins = c.state().list()) {
      pins.forEach(p -> got.put(p.cid(), p.options().name()));
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void stateList_filtersByType() {
    Consensus c = open();
    c.logPin(pin(1, "data"));
    Pin meta = new Pin(cid(2), PinType.META, List.of(), -1, null, null, null);
    c.logPin(meta);

    try (Stream<Pin> metas = c.state().list(PinType.META.bit());
        Stream<Pin> all = c.state().list()) {
      assertThat(metas).containsExactly(meta);
      assertThat(all).hasSize(2);
    }
  }

  @Test
  void stateList_inCidOrder_continuesAfterAGivenCid() {
    Consensus c = open();
    for (int i = 0; i < 30; i++) {
      c.logPin(pin(i, "p" + i));
    }

    List<Cid> all;
    try (Stream<Pin> pins = c.state().list(PinType.ALL, null)) {
      all = pins.map(Pin::cid).toList();
    }
    List<Cid> rest;
    try (Stream<Pin> pins = c.state().list(PinType.ALL, all.get(9))) {
      rest = pins.map(Pin::cid).toList();
    }

    assertThat(all).hasSize(30).isSorted();
    assertThat(rest).isEqualTo(all.subList(10, 30));
  }

  @Test
  void acknowledgedWrites_surviveCloseAndReopen() {
    Consensus c = open();
    c.logPin(pin(1, "kept"));
    c.logPin(pin(2, "removed"));
    c.logUnpin(pin(2, "removed"));
    c.close();

    Consensus reopened = open();

    assertThat(name(reopened, 1)).isEqualTo("kept");
    assertThat(reopened.state().has(cid(2))).isFalse();
  }

  @Test
  void close_isIdempotent_andLaterWritesFail() {
    Consensus c = open();
    c.close();
    c.close();

    assertThatThrownBy(() -> c.logPin(pin(1, "late"))).isInstanceOf(RuntimeException.class);
  }

  @Test
  void self_isTrusted_andAPeer() {
    Consensus c = open();

    assertThat(c.isTrustedPeer(self())).isTrue();
    assertThat(c.peers()).contains(self());
  }
}
