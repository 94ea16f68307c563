package io.ipfscluster.ipfs.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Blockstore} layout does; a subclass opens its layout in {@link #folder}. Also
 * reused by layout tests for their own cases.
 */
abstract class BlockstoreContract {
  static final long MAX = 1 << 20;

  @TempDir Path folder;
  Blockstore store;

  /** Opens the layout under test in {@link #folder}, reopening what an earlier call left. */
  abstract Blockstore open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Cid rawCid(byte[] data) {
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data));
  }

  @Test
  void put_thenGet_returnsTheBytesAndCountsThem() {
    byte[] data = bytes("hello ipfs cluster");
    Cid cid = rawCid(data);

    assertThat(store.put(cid, data)).isTrue();

    assertThat(store.has(cid.multihash())).isTrue();
    assertThat(store.get(cid.multihash())).isEqualTo(data);
    assertThat(store.sizeOf(cid.multihash())).isEqualTo(data.length);
    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
  }

  @Test
  void get_missingBlock_returnsNull() {
    Multihash key = Multihash.compute(HashFunction.SHA2_256, bytes("nope"));

    assertThat(store.has(key)).isFalse();
    assertThat(store.get(key)).isNull();
    assertThat(store.sizeOf(key)).isEqualTo(-1);
  }

  @Test
  void put_sameBytesUnderCidV0AndV1_shareOneBlock() {
    byte[] data = bytes("shared");
    Multihash mh = Multihash.compute(HashFunction.SHA2_256, data);

    assertThat(store.put(Cid.v0(mh), data)).isTrue();
    assertThat(store.put(Cid.v1(Multicodec.RAW, mh), data)).isFalse();

    assertThat(store.usage().blocks()).isEqualTo(1);
    assertThat(store.usage().bytes()).isEqualTo(data.length);
  }

  @Test
  void put_bytesThatDoNotMatchTheCid_isRejectedAndWritesNothing() {
    Cid cid = rawCid(bytes("the real content"));

    assertThatThrownBy(() -> store.put(cid, bytes("something else")))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining(cid.toString())
        .hasMessageContaining("corrupt");

    assertThat(store.has(cid.multihash())).isFalse();
    assertThat(store.usage().blocks()).isZero();
  }

  @Test
  void put_hashFunctionUnknownHere_isRejected() {
    Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(0x1e, new byte[32])); // blake3

    assertThatThrownBy(() -> store.put(cid, bytes("x")))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("unsupported hash function 0x1e");
  }

  @Test
  void put_pastStorageMax_failsNamingTheLimitAndKeepsTheAccount() {
    byte[] big = new byte[(int) MAX - 10];
    store.putTrusted(Multihash.compute(HashFunction.SHA2_256, big), big);
    byte[] more = bytes("twenty bytes of data");
    Multihash key = Multihash.compute(HashFunction.SHA2_256, more);

    assertThatThrownBy(() -> store.putTrusted(key, more))
        .isInstanceOfSatisfying(
            StorageFullException.class,
            e -> {
              assertThat(e.storageMax()).isEqualTo(MAX);
              assertThat(e.used()).isEqualTo(MAX - 10);
              assertThat(e.requested()).isEqualTo(more.length);
            })
        .hasMessageContaining("Datastore.StorageMax");

    assertThat(store.has(key)).isFalse();
    assertThat(store.usage().bytes()).isEqualTo(MAX - 10);
  }

  @Test
  void delete_removesTheBlockAndItsBytesFromTheAccount() {
    byte[] data = bytes("to delete");
    Cid cid = rawCid(data);
    store.put(cid, data);

    assertThat(store.delete(cid.multihash())).isTrue();
    assertThat(store.delete(cid.multihash())).isFalse();

    assertThat(store.has(cid.multihash())).isFalse();
    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(0, 0, MAX));
  }

  @Test
  void keys_listsEveryStoredBlock() {
    List<Multihash> written =
        Stream.of("a", "b", "c", "d")
            .map(BlockstoreContract::bytes)
            .map(
                data -> {
                  Cid cid = rawCid(data);
                  store.put(cid, data);
                  return cid.multihash();
                })
            .toList();

    try (Stream<Multihash> keys = store.keys()) {
      assertThat(keys).containsExactlyInAnyOrderElementsOf(written);
    }
  }

  @Test
  void identityHash_isNeverStoredButAlwaysPresent() {
    byte[] inline = bytes("inline");
    Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(HashFunction.IDENTITY, inline));

    assertThat(store.put(cid, inline)).isFalse();

    assertThat(store.has(cid.multihash())).isTrue();
    assertThat(store.get(cid.multihash())).isEqualTo(inline);
    assertThat(store.usage().blocks()).isZero();
  }

  @Test
  void reopen_afterCleanClose_readsTheSavedAccount() {
    byte[] data = bytes("persisted");
    store.put(rawCid(data), data);
    store.close();

    store = open();

    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
    assertThat(store.get(rawCid(data).multihash())).isEqualTo(data);
  }

  @Test
  void open_folderHeldByAnotherStore_fails() {
    assertThatThrownBy(this::open)
        .isInstanceOf(BlockstoreIoException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void getPrefix_returnsTheStartOfTheBlock() {
    byte[] data = new byte[20_000];
    new java.util.Random(5).nextBytes(data);
    Multihash key = Multihash.compute(HashFunction.SHA2_256, data);
    store.putTrusted(key, data);

    assertThat(store.getPrefix(key, 100)).isEqualTo(java.util.Arrays.copyOf(data, 100));
    assertThat(store.getPrefix(key, 50_000)).isEqualTo(data);
  }

  @Test
  void putTrusted_sameBlockFromManyThreads_storesAndCountsItOnce() throws Exception {
    byte[] data = bytes("contended");
    Multihash key = Multihash.compute(HashFunction.SHA2_256, data);
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger written =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int i = 0; i < 8; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    if (store.putTrusted(key, data)) {
                      written.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(written).hasValue(1);
    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
  }

  @Test
  void manyBlocks_afterSyncAndReopen_areAllReadable() {
    java.util.Map<Multihash, byte[]> written = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(9);
    for (int i = 0; i < 200; i++) {
      byte[] data = new byte[random.nextInt(3000)];
      random.nextBytes(data);
      Multihash key = Multihash.compute(HashFunction.SHA2_256, data);
      store.putTrusted(key, data);
      written.put(key, data);
    }
    store.sync();
    store.close();

    store = open();

    written.forEach((key, data) -> assertThat(store.get(key)).as("block %s", key).isEqualTo(data));
    assertThat(store.usage().blocks()).isEqualTo(written.size());
  }
}
