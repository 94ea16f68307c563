package io.ipfscluster.ipfs.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@link BlockstoreContract} for kubo's flatfs layout, and what is particular to it. */
class FlatFsBlockstoreTest extends BlockstoreContract {

  @Override
  Blockstore open() {
    return FlatFsBlockstore.open(folder.resolve("blocks"), MAX, true);
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
  void reopen_afterCrash_countsBlocksAndRemovesUnfinishedWrites() throws Exception {
    byte[] data = bytes("survivor");
    Cid cid = rawCid(data);
    store.put(cid, data);
    store.close();
    // What a crash leaves: no saved account, and a temporary file of a write in progress.
    Files.delete(folder.resolve("blocks/diskUsage.cache"));
    Path stray = Files.createDirectories(folder.resolve("blocks/AA")).resolve("CIQSTRAY.1.tmp");
    Files.write(stray, bytes("half a blo"));

    store = open();

    assertThat(store.usage()).isEqualTo(new Blockstore.Usage(data.length, 1, MAX));
    assertThat(stray).doesNotExist();
    assertThat(store.get(cid.multihash())).isEqualTo(data);
  }

  @Test
  void open_otherSharding_isRefused() throws Exception {
    store.close();
    Files.writeString(folder.resolve("blocks/SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");

    assertThatThrownBy(this::open)
        .isInstanceOf(BlockstoreIoException.class)
        .hasMessageContaining("prefix/2");
    store = FlatFsBlockstore.open(folder.resolve("other"), MAX, true);
  }
}
