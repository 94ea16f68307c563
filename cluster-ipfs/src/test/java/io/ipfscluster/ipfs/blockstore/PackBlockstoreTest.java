package io.ipfscluster.ipfs.blockstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockstoreContract} for packs, and what is particular to them: blocks become durable
 * at sync(), a crash loses only unsynced blocks, compaction reclaims deleted space. Packs are small
 * here (16 KiB) so that tests span several.
 */
class PackBlockstoreTest extends BlockstoreContract {
  private static final long PACK = 16 * 1024;

  private MemoryDatastore index = new MemoryDatastore();

  @Override
  Blockstore open() {
    return PackBlockstore.open(folder.resolve("packs"), index, MAX, true, PACK);
  }

  private List<Multihash> putRandom(int count, int size, long seed) {
    Random random = new Random(seed);
    List<Multihash> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      Multihash key = Multihash.compute(HashFunction.SHA2_256, data);
      store.putTrusted(key, data);
      keys.add(key);
    }
    return keys;
  }

  private long indexEntries() {
    try (Cursor cursor = index.iterate(new byte[] {'k'})) {
      long n = 0;
      while (cursor.next()) {
        n++;
      }
      return n;
    }
  }

  private long packBytesOnDisk() throws Exception {
    try (Stream<Path> files = Files.list(folder.resolve("packs"))) {
      long total = 0;
      for (Path p : files.filter(p -> p.toString().endsWith(".pack")).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  @Test
  void put_isVisibleAtOnce_andIndexedOnlyAtSync() {
    List<Multihash> keys = putRandom(3, 1000, 1);

    assertThat(keys).allMatch(store::has);
    assertThat(indexEntries()).isZero();

    store.sync();

    assertThat(indexEntries()).isEqualTo(3);
  }

  @Test
  void crashBeforeSync_losesOnlyTheUnsyncedBlocksAndKeepsTheAccountRight() throws Exception {
    List<Multihash> synced = putRandom(4, 2000, 2);
    store.sync();
    List<Multihash> unsynced = putRandom(4, 2000, 3);
    // The crash: what is on disk now (pack bytes included) is what the next process finds, but
    // the index has only what sync() wrote. Copy both aside, as the next boot would see them.
    Path crashed = folder.resolve("crashed");
    copyTree(folder.resolve("packs"), crashed);
    MemoryDatastore crashedIndex = new MemoryDatastore();
    try (Cursor cursor = index.iterate(new byte[0])) {
      while (cursor.next()) {
        crashedIndex.put(cursor.key(), cursor.value());
      }
    }
    Files.deleteIfExists(crashed.resolve(".lock"));

    try (Blockstore after = PackBlockstore.open(crashed, crashedIndex, MAX, true, PACK)) {
      assertThat(synced).allMatch(k -> after.get(k) != null && k.matches(after.get(k)));
      assertThat(unsynced).noneMatch(after::has);
      assertThat(after.usage()).isEqualTo(new Blockstore.Usage(4 * 2000, 4, MAX));
      // The unsynced bytes are dead space that compaction reclaims.
      assertThat(after.compact()).isPositive();
      assertThat(synced).allMatch(k -> k.matches(after.get(k)));
    }
  }

  @Test
  void compact_afterDeletes_freesDiskAndKeepsLiveBlocksReadable() throws Exception {
    List<Multihash> keys = putRandom(40, 1500, 4); // about four packs
    store.sync();
    long before = packBytesOnDisk();
    List<Multihash> kept = keys.subList(0, 5);
    for (Multihash key : keys.subList(5, keys.size())) {
      assertThat(store.delete(key)).isTrue();
    }

    long freed = store.compact();

    assertThat(freed).isPositive();
    assertThat(packBytesOnDisk()).isLessThan(before);
    assertThat(kept).allMatch(k -> k.matches(store.get(k)));
    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(5 * 1500, 5, MAX));
    store.close();
    store = open();
    assertThat(kept).allMatch(k -> k.matches(store.get(k)));
    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(5 * 1500, 5, MAX));
  }

  @Test
  void delete_ofAnUnsyncedBlock_neverReachesTheIndex() {
    Multihash key = putRandom(1, 100, 5).getFirst();

    assertThat(store.delete(key)).isTrue();
    store.sync();

    assertThat(store.has(key)).isFalse();
    assertThat(indexEntries()).isZero();
  }

  @Test
  void reopen_startsANewPack() throws Exception {
    putRandom(1, 100, 6);
    store.close();
    store = open();
    putRandom(1, 100, 7);
    store.sync();

    try (Stream<Path> files = Files.list(folder.resolve("packs"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".pack"))).hasSize(2);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
