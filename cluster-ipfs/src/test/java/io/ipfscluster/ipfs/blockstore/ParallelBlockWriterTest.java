package io.ipfscluster.ipfs.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelBlockWriterTest {
  @TempDir Path folder;

  @Test
  void flush_afterManyPuts_hasWrittenEveryBlockAndReportsTheNewOnes() {
    try (FlatFsBlockstore store = FlatFsBlockstore.open(folder, 1L << 30, true);
        ParallelBlockWriter writer = new ParallelBlockWriter(store, 4)) {
      byte[] old = {1, 2, 3};
      Multihash oldKey = Multihash.compute(HashFunction.SHA2_256, old);
      store.putTrusted(oldKey, old);
      List<Multihash> fresh = new ArrayList<>();
      Random random = new Random(7);
      for (int i = 0; i < 100; i++) {
        byte[] data = new byte[1000];
        random.nextBytes(data);
        Multihash key = Multihash.compute(HashFunction.SHA2_256, data);
        writer.putTrusted(key, data);
        fresh.add(key);
      }
      writer.putTrusted(oldKey, old);

      writer.flush();

      assertThat(fresh).allMatch(store::has);
      assertThat(writer.created()).containsExactlyInAnyOrderElementsOf(fresh);
      assertThat(store.usage().blocks()).isEqualTo(101);
    }
  }

  @Test
  void flush_afterACorruptBlock_throwsItsError() {
    try (FlatFsBlockstore store = FlatFsBlockstore.open(folder, 1L << 30, true);
        ParallelBlockWriter writer = new ParallelBlockWriter(store, 2)) {
      byte[] good = {1};
      Cid lying = Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, new byte[] {2}));

      writer.put(Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, good)), good);
      writer.put(lying, new byte[] {3});

      assertThatThrownBy(writer::flush)
          .isInstanceOf(InvalidBlockException.class)
          .hasMessageContaining(lying.toString());
      assertThat(store.has(lying.multihash())).isFalse();
    }
  }
}
