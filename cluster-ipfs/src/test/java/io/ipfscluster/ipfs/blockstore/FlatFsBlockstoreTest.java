package io.ipfscluster.ipfs.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlatFsBlockstoreTest {
  private static final long MAX = 1 << 20;

  @TempDir Path folder;
  private FlatFsBlockstore store;

  @BeforeEach
  void open() {
    store = FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true);
  }

  @AfterEach
  void close() {
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
  void put_writesKubosFlatfsLayout() throws Exception {
    byte[] data = bytes("layout");
    Cid cid = rawCid(data);
    store.put(cid, data);

    String key = FlatFsBlockstore.keyName(cid.multihash());
    Path file = folder.resolve("blocks").resolve(key.substring(key.length() - 3, key.length() - 1));

    assertThat(key).startsWith("CIQ");
    assertThat(file.resolve(key + ".data")).hasBinaryContent(data);
    assertThat(folder.resolve("blocks/SHARDING")).hasContent(FlatFsBlockstore.SHARDING);
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
            .map(FlatFsBlockstoreTest::bytes)
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

    store = FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true);

    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
    assertThat(folder.resolve("blocks/diskUsage.cache")).doesNotExist();
  }

  @Test
  void reopen_afterCrash_countsBlocksAndRemovesUnfinishedWrites() throws Exception {
    byte[] data = bytes("survivor");
    Cid cid = rawCid(data);
    store.put(cid, data);
    store.close();
    // What a crash leaves: no saved account, and a temporary file of a write in progress.
    Files.delete(folder.resolve("blocks/diskUsage.cache"));
    Path stray = Files.createDirectories(folder.resolve("blocks/AA")).resolve("CIQSTRAY.1.tmp");
    Files.write(stray, bytes("half a blo"));

    store = FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true);

    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
    assertThat(stray).doesNotExist();
    assertThat(store.get(cid.multihash())).isEqualTo(data);
  }

  @Test
  void open_folderHeldByAnotherStore_fails() {
    assertThatThrownBy(() -> FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true))
        .isInstanceOf(BlockstoreIoException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void open_otherSharding_isRefused() throws Exception {
    store.close();
    Files.writeString(folder.resolve("blocks/SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");

    assertThatThrownBy(() -> FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true))
        .isInstanceOf(BlockstoreIoException.class)
        .hasMessageContaining("prefix/2");
    store = FlatFsBlockstore.open(folder.resolve("other"), MAX, true);
  }
}
