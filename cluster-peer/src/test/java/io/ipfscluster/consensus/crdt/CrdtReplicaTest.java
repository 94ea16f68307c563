package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.identity;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static io.ipfscluster.consensus.crdt.TestPins.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CrdtReplicaTest {
  private final Datastore store = new MemoryDatastore();
  private final Identity alice = identity(1);
  private final CrdtReplica replica = CrdtReplica.open(store, alice);
  private final Map<Cid, DeltaBlock> pool = new HashMap<>();

  private CrdtReplica.Result put(CrdtReplica r, int i, String name) {
    return remember(r.commitLocal(List.of(new CrdtReplica.Op(cid(i), value(i, name)))));
  }

  private CrdtReplica.Result delete(CrdtReplica r, int i) {
    return remember(r.commitLocal(List.of(new CrdtReplica.Op(cid(i), null))));
  }

  private CrdtReplica.Result remember(CrdtReplica.Result result) {
    result.blocks().forEach(b -> pool.put(b.cid(), b));
    return result;
  }

  private static String name(CrdtReplica r, int i) {
    return r.pinset().get(cid(i)).map(p -> p.options().name()).orElse(null);
  }

  @Test
  void commitLocal_put_addsThePin_andMakesItsBlockTheHead() {
    CrdtReplica.Result result = put(replica, 1, "one");

    assertThat(replica.pinset().get(cid(1))).contains(pin(1, "one"));
    assertThat(result.blocks()).hasSize(1);
    assertThat(result.changes()).extracting(Merge.Change::key).containsExactly(cid(1));
    assertThat(replica.heads()).containsExactly(result.blocks().get(0).ref());
    ReplicaInfo info = replica.info();
    assertThat(info.versionVector().get(info.writer())).isEqualTo(1);
    assertThat(info.pins()).isEqualTo(1);
    assertThat(replica.block(result.blocks().get(0).cid()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(result.blocks().get(0).bytes()));
    ReplicaModel.check(replica, pool);
  }

  @Test
  void commitLocal_putTwice_replacesTheElement_andLinksThePreviousBlock() {
    DeltaBlock first = put(replica, 1, "a").blocks().get(0);

    DeltaBlock second = put(replica, 1, "b").blocks().get(0);

    assertThat(name(replica, 1)).isEqualTo("b");
    assertThat(second.delta().parents()).containsExactly(first.ref());
    assertThat(second.delta().removes())
        .containsExactly(new Delta.Remove(cid(1), List.of(first.delta().dot())));
    assertThat(second.delta().height()).isEqualTo(2);
    assertThat(replica.heads()).containsExactly(second.ref());
    ReplicaModel.check(replica, pool);
  }

  @Test
  void commitLocal_delete_removesThePin_andDeleteOfAbsentKeyWritesNothing() {
    put(replica, 1, "a");

    delete(replica, 1);
    CrdtReplica.Result nothing = delete(replica, 2);

    assertThat(replica.pinset().has(cid(1))).isFalse();
    assertThat(nothing.blocks()).isEmpty();
    assertThat(replica.size()).isZero();
    ReplicaModel m = ReplicaModel.check(replica, pool);
    assertThat(m.live).isEmpty();
  }

  @Test
  void commitLocal_manyOpsOnOneKey_keepsTheLast() {
    CrdtReplica.Result r =
        remember(
            replica.commitLocal(
                List.of(
                    new CrdtReplica.Op(cid(1), value(1, "a")),
                    new CrdtReplica.Op(cid(1), null),
                    new CrdtReplica.Op(cid(1), value(1, "c")))));

    assertThat(r.blocks()).hasSize(1);
    assertThat(r.blocks().get(0).delta().adds()).hasSize(1);
    assertThat(name(replica, 1)).isEqualTo("c");
  }

  @Test
  void commitLocal_moreThanOneMebibyte_writesAChainOfBlocks() {
    String big = "x".repeat(2000);
    List<CrdtReplica.Op> ops = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      ops.add(new CrdtReplica.Op(cid(i), value(i, big + i)));
    }

    CrdtReplica.Result r = remember(replica.commitLocal(ops));

    assertThat(r.blocks()).hasSizeGreaterThan(2);
    for (int i = 0; i < r.blocks().size(); i++) {
      DeltaBlock b = r.blocks().get(i);
      assertThat(b.bytes().length).isLessThanOrEqualTo(BlockCodec.MAX_BLOCK_BYTES);
      assertThat(b.delta().seq()).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(b.delta().parents()).containsExactly(r.blocks().get(i - 1).ref());
      }
      assertThat(BlockCodec.decode(b.bytes()).cid()).isEqualTo(b.cid());
    }
    assertThat(replica.size()).isEqualTo(1200);
    assertThat(replica.heads()).containsExactly(r.blocks().getLast().ref());
  }

  @Test
  void commitLocal_pinTooLargeForABlock_isRejected_andNothingIsWritten() {
    String huge = "x".repeat(BlockCodec.MAX_BLOCK_BYTES);

    assertThatThrownBy(() -> put(replica, 1, huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large for a CRDT block");
    assertThat(replica.size()).isZero();
    assertThat(replica.heads()).isEmpty();
  }

  @Test
  void mergeRemote_ofKnownBlock_isIgnored() {
    CrdtReplica bob = CrdtReplica.open(new MemoryDatastore(), identity(2));
    DeltaBlock block = put(bob, 1, "from bob").blocks().get(0);

    CrdtReplica.Result first = replica.mergeRemote(List.of(block));
    CrdtReplica.Result again = replica.mergeRemote(List.of(block, block));

    assertThat(first.changes()).extracting(Merge.Change::key).containsExactly(cid(1));
    assertThat(again).isEqualTo(CrdtReplica.Result.NOTHING);
    assertThat(name(replica, 1)).isEqualTo("from bob");
    ReplicaModel.check(replica, pool);
  }

  @Test
  void issue238_putPutDelete_concurrentWithPut_convergesToTheConcurrentPut() {
    // go-ds-crdt #238: one replica puts, puts and deletes a key while another puts it; the delete
    // removes only what its writer observed, so the concurrent put survives everywhere.
    CrdtReplica bob = CrdtReplica.open(new MemoryDatastore(), identity(2));
    List<DeltaBlock> aliceBlocks = new ArrayList<>();
    aliceBlocks.addAll(put(replica, 1, "a1").blocks());
    aliceBlocks.addAll(put(replica, 1, "a2").blocks());
    aliceBlocks.addAll(delete(replica, 1).blocks());
    List<DeltaBlock> bobBlocks = put(bob, 1, "b1").blocks();

    replica.mergeRemote(bobBlocks);
    bob.mergeRemote(aliceBlocks.reversed());

    assertThat(name(replica, 1)).isEqualTo("b1");
    assertThat(name(bob, 1)).isEqualTo("b1");
    assertThat(replica.info().stateDigest()).isEqualTo(bob.info().stateDigest());
    ReplicaModel.check(replica, pool);
    ReplicaModel.check(bob, pool);
  }

  @Test
  void deleteDuringPartialHistory_doesNotResurrectTheOlderValue() {
    // Carol has merged Alice's second put (which removed the first) but not yet the first, and
    // deletes the key. When the first put arrives, the kill recorded for it keeps it dead.
    CrdtReplica carol = CrdtReplica.open(new MemoryDatastore(), identity(3));
    DeltaBlock first = put(replica, 1, "v1").blocks().get(0);
    DeltaBlock second = put(replica, 1, "v2").blocks().get(0);

    carol.mergeRemote(List.of(second));
    assertThat(carol.pending()).containsExactly(first.ref());
    delete(carol, 1);
    carol.mergeRemote(List.of(first));

    assertThat(carol.pinset().has(cid(1))).isFalse();
    assertThat(carol.pending()).isEmpty();
    ReplicaModel m = ReplicaModel.check(carol, pool);
    assertThat(m.kills).isEmpty();
  }

  @Test
  void removeBeforeAdd_theAddArrivesDead_andTheKillIsConsumed() {
    CrdtReplica bob = CrdtReplica.open(new MemoryDatastore(), identity(2));
    DeltaBlock add = put(replica, 1, "v1").blocks().get(0);
    DeltaBlock remove = delete(replica, 1).blocks().get(0);

    bob.mergeRemote(List.of(remove));
    assertThat(ReplicaModel.check(bob, pool).kills).hasSize(1);
    CrdtReplica.Result late = bob.mergeRemote(List.of(add));

    assertThat(late.changes()).isEmpty(); // nothing to tell the tracker
    assertThat(bob.pinset().has(cid(1))).isFalse();
    assertThat(ReplicaModel.check(bob, pool).kills).isEmpty();
    assertThat(bob.heads()).containsExactly(remove.ref());
  }

  @Test
  void reAdd_afterDelete_isPresentWithTheNewValue() {
    put(replica, 1, "v1");
    delete(replica, 1);
    put(replica, 1, "v3");

    assertThat(name(replica, 1)).isEqualTo("v3");
    assertThat(ReplicaModel.check(replica, pool).live).hasSize(1);
  }

  @Test
  void concurrentPuts_higherHeightWins_thenGreaterDot() {
    CrdtReplica bob = CrdtReplica.open(new MemoryDatastore(), identity(2));
    put(replica, 9, "a"); // alice's height grows to 2 for key 1
    DeltaBlock aliceHigh = put(replica, 1, "alice").blocks().get(0);
    DeltaBlock bobLow = put(bob, 1, "bob").blocks().get(0);
    assertThat(aliceHigh.delta().height()).isGreaterThan(bobLow.delta().height());

    bob.mergeRemote(List.of(aliceHigh));

    assertThat(name(bob, 1)).isEqualTo("alice"); // 2 > 1, even though the element is concurrent
    assertThat(ReplicaModel.check(bob, pool).live).hasSize(2 - 1 + 1); // both elements live
  }

  @Test
  void replaceAll_replacesEverything_underANewWriter_andKeepsTheLastOfRepeatedPins() {
    put(replica, 1, "old");
    WriterId before = replica.info().writer();

    long n = replica.replaceAll(Stream.of(pin(2, "x"), pin(3, "y"), pin(2, "z")).iterator());

    assertThat(n).isEqualTo(3);
    assertThat(replica.pinset().has(cid(1))).isFalse();
    assertThat(name(replica, 2)).isEqualTo("z");
    assertThat(name(replica, 3)).isEqualTo("y");
    ReplicaInfo info = replica.info();
    assertThat(info.generation()).isEqualTo(1);
    assertThat(info.writer()).isNotEqualTo(before);
    assertThat(info.versionVector().entries()).containsOnlyKeys(info.writer());
    ReplicaModel.check(replica, pool);
    // the old generation is gone from the datastore
    assertThat(store.count(new ReplicaKeys(0).all().get(0))).isZero();
  }

  @Test
  void replaceAll_manyPins_writesBlocksOfAtMostOneMebibyte() {
    String padding = "p".repeat(500);
    Iterator<Pin> pins =
        IntStream.range(0, 3000)
            .mapToObj(i -> Pin.of(cid(i), PinOptions.defaults().withName(padding + i)))
            .iterator();

    replica.replaceAll(pins);

    assertThat(replica.size()).isEqualTo(3000);
    List<DeltaBlock> blocks = ReplicaModel.mergedBlocks(replica, Map.of());
    assertThat(blocks).hasSizeGreaterThan(1);
    assertThat(blocks).allMatch(b -> b.bytes().length <= BlockCodec.MAX_BLOCK_BYTES);
    assertThat(replica.heads()).hasSize(1);
    ReplicaModel.check(replica, Map.of());
  }

  @Test
  void replaceAll_whenThePinsFail_leavesTheReplicaAsItWas() {
    put(replica, 1, "old");
    ReplicaInfo before = replica.info();
    Iterator<Pin> failing =
        Stream.concat(
                IntStream.range(10, 3010).mapToObj(i -> pin(i, "p".repeat(500))),
                Stream.<Pin>generate(
                    () -> {
                      throw new IllegalStateException("bad line");
                    }))
            .iterator();

    assertThatThrownBy(() -> replica.replaceAll(failing)).hasMessage("bad line");

    assertThat(replica.info()).isEqualTo(before);
    assertThat(name(replica, 1)).isEqualTo("old");
    assertThat(store.count(new ReplicaKeys(1).all().get(0))).isZero();
  }

  @Test
  void open_afterAnInterruptedImport_removesWhatItLeft() {
    put(replica, 1, "kept");
    byte[] leftover = new ReplicaKeys(1).winner(cid(5));
    store.put(leftover, value(5, "half-imported"));

    CrdtReplica reopened = CrdtReplica.open(store, alice);

    assertThat(store.has(leftover)).isFalse();
    assertThat(name(reopened, 1)).isEqualTo("kept");
  }

  @Test
  void commitLocal_afterARestoreFromAnOldBackup_neverReusesADotOthersHave() {
    MemoryDatastore backup = new MemoryDatastore();
    CrdtReplica original = CrdtReplica.open(backup, alice);
    put(original, 1, "a");
    MemoryDatastore live = copy(backup);
    CrdtReplica later = CrdtReplica.open(live, alice);
    DeltaBlock second = put(later, 2, "b").blocks().get(0);
    DeltaBlock third = put(later, 3, "c").blocks().get(0);
    // the peer is restored from the backup, and another peer gives it back its third block
    original.mergeRemote(List.of(third));

    DeltaBlock next = put(original, 4, "d").blocks().get(0);

    assertThat(next.delta().seq()).isGreaterThan(third.delta().seq());
    assertThat(next.delta().dot()).isNotEqualTo(second.delta().dot());
    original.mergeRemote(List.of(second));
    ReplicaModel.check(original, pool);
    assertThat(original.size()).isEqualTo(4);
  }

  private static MemoryDatastore copy(Datastore from) {
    MemoryDatastore to = new MemoryDatastore();
    try (var c = from.iterate(new byte[0])) {
      while (c.next()) {
        to.put(c.key(), c.value());
      }
    }
    return to;
  }

  @Test
  void clear_removesEveryCrdtKey_andTheNextWriteUsesANewWriter() {
    put(replica, 1, "a");
    WriterId before = replica.info().writer();

    replica.clear();

    for (byte[] prefix : ReplicaKeys.everything()) {
      assertThat(store.count(prefix)).isZero();
    }
    assertThat(replica.size()).isZero();
    put(replica, 2, "b");
    assertThat(replica.info().writer()).isNotEqualTo(before);
    assertThat(replica.info().versionVector().entries()).hasSize(1);
  }
}
