package io.ipfscluster.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinType;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatastoreStateTest {
  @TempDir Path dir;

  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  static Pin pin(int i) {
    return Pin.of(cid(i));
  }

  @Test
  void addGetRemove_behaveAsAMap() {
    State state = new DatastoreState(new MemoryDatastore());

    state.add(pin(1));

    assertThat(state.has(cid(1))).isTrue();
    assertThat(state.get(cid(1))).contains(pin(1));
    assertThat(state.get(cid(2))).isEmpty();
    state.remove(cid(1));
    assertThat(state.has(cid(1))).isFalse();
    assertThat(state.size()).isZero();
  }

  @Test
  void list_filtersByType_andStreamsInCidOrder() {
    State state = new DatastoreState(new MemoryDatastore());
    for (int i = 0; i < 50; i++) {
      Pin p = pin(i);
      state.add(i % 5 == 0 ? new Pin(p.cid(), PinType.META, List.of(), -1, null, null, null) : p);
    }

    try (Stream<Pin> all = state.list();
        Stream<Pin> meta = state.list(PinType.META.bit())) {
      List<Cid> cids = all.map(Pin::cid).toList();
      assertThat(cids).hasSize(50).isSorted();
      assertThat(meta.count()).isEqualTo(10);
    }
  }

  @Test
  void batch_commitsAllWritesTogether() {
    State state = new DatastoreState(new MemoryDatastore());
    state.add(pin(1));

    try (State.StateBatch batch = state.newBatch()) {
      batch.add(pin(2)).add(pin(3)).remove(cid(1));
      assertThat(state.has(cid(2))).isFalse();
      batch.commit(true);
    }

    assertThat(state.has(cid(1))).isFalse();
    assertThat(state.size()).isEqualTo(2);
  }

  @Test
  void replaceAll_swapsThePinset() {
    State state = new DatastoreState(new MemoryDatastore());
    state.add(pin(1));

    long n =
        state.replaceAll(IntStream.range(10, 25_010).mapToObj(DatastoreStateTest::pin).iterator());

    assertThat(n).isEqualTo(25_000);
    assertThat(state.size()).isEqualTo(25_000);
    assertThat(state.has(cid(1))).isFalse();
    assertThat(state.has(cid(25_009))).isTrue();
  }

  @Test
  void replaceAll_failingSource_leavesStateAsItWas() {
    State state = new DatastoreState(new MemoryDatastore());
    state.add(pin(1));
    Iterator<Pin> failing =
        Stream.concat(
                IntStream.range(10, 15_000).mapToObj(DatastoreStateTest::pin),
                Stream.<Pin>generate(
                    () -> {
                      throw new IllegalStateException("bad input");
                    }))
            .iterator();

    assertThatThrownBy(() -> state.replaceAll(failing)).hasMessage("bad input");

    assertThat(state.size()).isEqualTo(1);
    assertThat(state.has(cid(1))).isTrue();
  }

  @Test
  void replaceAll_isDurable_andReopenCleansLeftovers() {
    Path folder = dir.resolve("rocksdb");
    try (Datastore store = RocksDbDatastore.open(folder, RocksDbSettings.defaults())) {
      State state = new DatastoreState(store.namespace("/s/"));
      state.add(pin(1));
      state.replaceAll(List.of(pin(2), pin(3)).iterator());
      // A staging generation left by a crash in the middle of the next replaceAll.
      new DatastoreState(store.namespace("/s/")); // no-op: nothing to clean yet
      try (var batch = store.namespace("/s/").newBatch()) {
        batch.put(ByteBuffer.allocate(9).put((byte) 'p').putLong(2).array(), new byte[] {1});
        batch.commit(true);
      }
    }
    try (Datastore store = RocksDbDatastore.open(folder, RocksDbSettings.defaults())) {
      State state = new DatastoreState(store.namespace("/s/"));

      assertThat(state.size()).isEqualTo(2);
      assertThat(state.get(cid(2))).contains(pin(2));
      assertThat(store.count(new byte[0])).isEqualTo(3); // two pins and the generation key
    }
  }
}
