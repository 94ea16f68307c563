package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link DatastoreContract} against {@link RocksDbDatastore}, plus what only a disk store
 * does: persistence, folder locking, snapshots and compaction.
 */
class RocksDbDatastoreTest extends DatastoreContract {
  /** Small memtables, so that even small tests flush to SST files and exercise compaction. */
  private static final RocksDbSettings SMALL =
      RocksDbSettings.defaults().withWriteBufferBytes(64 * 1024).withBlockCacheBytes(1 << 20);

  @TempDir Path folder;

  @Override
  protected Datastore newDatastore() {
    return RocksDbDatastore.open(folder.resolve("db"), SMALL);
  }

  @Override
  protected Datastore reopen(Datastore current) {
    current.close();
    return newDatastore();
  }

  @Test
  void open_missingNestedFolder_createsIt() {
    Path nested = folder.resolve("a/b/c");

    try (RocksDbDatastore created = RocksDbDatastore.open(nested, SMALL)) {
      created.put(b("k"), b("v"));
      assertThat(created.folder()).isEqualTo(nested.toAbsolutePath());
    }

    assertThat(nested.resolve("CURRENT")).exists();
  }

  @Test
  void open_folderAlreadyOpen_failsNamingTheFolder() {
    Path db = folder.resolve("db");

    assertThatThrownBy(() -> RocksDbDatastore.open(db, SMALL))
        .isInstanceOf(DatastoreException.class)
        .hasMessageStartingWith("datastore at " + db.toAbsolutePath() + " is already open")
        .hasCauseInstanceOf(org.rocksdb.RocksDBException.class);
  }

  @Test
  void open_folderIsAFile_failsNamingTheFolder() throws Exception {
    Path file = Files.writeString(folder.resolve("file"), "not a folder");

    assertThatThrownBy(() -> RocksDbDatastore.open(file, SMALL))
        .isInstanceOf(DatastoreException.class)
        .hasMessageContaining(file.toAbsolutePath().toString());
  }

  @Test
  void reopen_afterSingleWritesAndBatches_keepsEverything() {
    store.put(b("single"), b("1"));
    try (Batch batch = store.newBatch()) {
      batch.put(b("synced"), b("2")).commit(true);
    }
    try (Batch batch = store.newBatch()) {
      batch.put(b("buffered"), b("3")).commit(false);
    }
    store.put(b("deleted"), b("4"));
    store.delete(b("deleted"));
    store.put(b("p/ranged"), b("5"));
    store.deletePrefix(b("p/"));

    store = reopen(store);

    assertThat(keys(store.iterate(new byte[0])))
        .containsExactly(hex("buffered"), hex("single"), hex("synced"));
    assertThat(store.get(b("synced"))).isEqualTo(b("2"));
  }

  @Test
  void iterate_writesAfterOpeningCursor_areNotSeen() {
    store.put(b("k/1"), b("old"));
    store.put(b("k/3"), b("v"));

    try (Cursor cursor = store.iterate(b("k/"))) {
      store.put(b("k/2"), b("new"));
      store.put(b("k/1"), b("changed"));
      store.delete(b("k/3"));

      assertThat(cursor.next()).isTrue();
      assertThat(cursor.value()).isEqualTo(b("old"));
      assertThat(cursor.next()).isTrue();
      assertThat(cursor.key()).isEqualTo(b("k/3"));
      assertThat(cursor.next()).isFalse();
    }
    assertThat(keys(store.iterate(b("k/")))).containsExactly(hex("k/1"), hex("k/2"));
  }

  @Test
  void compact_afterDeletingAPrefix_reclaimsItsSpaceAndKeepsTheRest() {
    Random random = new Random(1);
    for (int round = 0; round < 20; round++) {
      try (Batch batch = store.newBatch()) {
        for (int i = 0; i < 100; i++) {
          byte[] value = new byte[200];
          random.nextBytes(value); // incompressible
          batch.put(b(String.format("big/%02d/%03d", round, i)), value);
        }
        batch.put(b("small/" + round), b("v"));
        batch.commit(false);
      }
    }
    store.compact();
    long before = store.approximateSizeBytes();
    assertThat(store.approximateSizeBytes(b("big/"))).isGreaterThan(300_000);

    store.deletePrefix(b("big/"));
    store.compact();

    assertThat(store.approximateSizeBytes()).isLessThan(before / 10);
    assertThat(store.count(b("big/"))).isZero();
    assertThat(store.count(b("small/"))).isEqualTo(20);
  }

  @Test
  void deletePrefix_ffPrefix_removesKeyOfMaximumLength() {
    byte[] longest = new byte[Datastore.MAX_KEY_BYTES];
    Arrays.fill(longest, (byte) 0xFF);
    store.put(longest, b("v"));
    store.put(b("keep"), b("v"));

    store.deletePrefix(bytes(0xFF, 0xFF));

    assertThat(store.has(longest)).isFalse();
    assertThat(keys(store.iterate(new byte[0]))).containsExactly(hex("keep"));
  }

  @Test
  void get_absentKeysInAFileWithALargeFilter_readsTheFilterFromDiskOnce() throws IOException {
    Path io = Path.of("/proc/self/io"); // rchar: bytes this process read by system calls
    assumeTrue(Files.isReadable(io), "needs Linux /proc/self/io");
    // 600,000 keys make a 750 KB Bloom filter, bigger than the 512 KiB shards RocksDB would cut a
    // 16 MiB cache into.
    int keys = 600_000;
    try (RocksDbDatastore big =
        RocksDbDatastore.open(
            folder.resolve("big"), RocksDbSettings.defaults().withBlockCacheBytes(16 << 20))) {
      try (Batch batch = big.newBatch()) {
        for (int i = 0; i < keys; i++) {
          batch.put(ByteBuffer.allocate(8).putInt(1).putInt(i * 2).array(), b("v"));
        }
        batch.commit(false);
      }
      big.compact(); // one file, with one filter block

      long before = bytesRead(io);
      for (int i = 0; i < 400; i++) {
        assertThat(big.get(ByteBuffer.allocate(8).putInt(1).putInt(i * 2_998 + 1).array()))
            .isNull();
      }
      long read = bytesRead(io) - before;

      // Re-reading the filter on every get would read 400 x 750 KB = 300 MB.
      assertThat(read).isLessThan(32L << 20);
    }
  }

  private static long bytesRead(Path io) throws IOException {
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).trim());
      }
    }
    throw new IllegalStateException("no rchar in " + io);
  }

  @Test
  void settings_invalidValue_isRejectedNamingTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RocksDbSettings.defaults().withWriteBufferBytes(10))
        .withMessage("writeBufferBytes must be at least 65536, got 10");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RocksDbSettings.defaults().withBlockCacheBytes(-1))
        .withMessageContaining("blockCacheBytes");
  }
}
