package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.MemoryBlockSink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.ipld.UnixfsType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CIDs that kubo itself produced, taken from kubo's own test suite (github.com/ipfs/kubo,
 * test/sharness/t0040-add-and-cat.sh, t0260-sharding.sh, test/cli/add_test.go and
 * cid_profiles_test.go), with their inputs rebuilt here: literal strings, {@code seq}-generated
 * directories, and kubo's ChaCha20 deterministic data and file names.
 */
class KuboOracleTest {
  private static final ImportOptions KUBO = ImportOptions.defaults();

  // ---- small files (add_test.go "hello world", t0040 "Hello Worlds!") ----

  @Test
  void helloWorld_inEveryCidFormat() throws IOException {
    assertThat(file("hello world", KUBO))
        .isEqualTo("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    ImportOptions v1 = KUBO.withCid(1, HashFunction.SHA2_256).withRawLeaves(true);
    assertThat(file("hello world", v1))
        .isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    assertThat(file("hello world", v1.withRawLeaves(false)))
        .isEqualTo("bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa");
    assertThat(file("hello world", KUBO.withCid(1, HashFunction.SHA2_512).withRawLeaves(true)))
        .isEqualTo(
            "bafkrgqbqt3gerhas23vuzrapkdeqf4vu2dwxp3srdj6hvg6nhsug2tgyn6mj3u23yx7utftq3i2ckw2fwdh5qmhid5qf3t35yvkc5e5ottlw6");
  }

  @Test
  void helloWorlds_withEveryChunkerAndTrickle() throws IOException {
    String text = "Hello Worlds!\n";
    String cid = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";
    assertThat(file(text, KUBO)).isEqualTo(cid);
    assertThat(file(text, KUBO.withChunker("rabin"))).isEqualTo(cid);
    assertThat(file(text, KUBO.withChunker("size-64"))).isEqualTo(cid);
    assertThat(file(text, KUBO.withChunker("rabin-36-512-1024"))).isEqualTo(cid);
    assertThat(file(text, KUBO.withChunker("buzhash"))).isEqualTo(cid);
    assertThat(file(text, KUBO.withLayout(Layout.TRICKLE)))
        .isEqualTo("QmUkUQgxXeggyaD5Ckv8ZqfW8wHBX6cYyeiyqvVZYzq5Bi");
    assertThat(file("Helloo Worlds!\n", KUBO))
        .isEqualTo("Qmf35k66MZNW2GijohUmXQEWKZU4cCGTCwK6idfnt152wJ");
    assertThat(file("IPFS\n", KUBO)).isEqualTo("QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w");
    assertThat(Cid.parse(file("base32 test\n", KUBO)).toV1().toString())
        .isEqualTo("bafybeibyosqxljd2eptb4ebbtvk7pb4aoxzqa6ttdsflty6rsslz5y6i34");
    assertThat(file("", KUBO)).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
  }

  @Test
  void addRecursiveDot_t0040() throws IOException {
    List<ImportEntry> entries =
        List.of(
            ImportEntry.directory("test_current_dir"),
            ImportEntry.directory("test_current_dir/hello"),
            ImportEntry.file("test_current_dir/hello/world", stream("World\n")),
            ImportEntry.file("test_current_dir/hey", stream("Hey\n")));

    AddedOutput root = UnixfsImporter.importAll(KUBO, BlockSink.discard(), o -> {}, entries);

    assertThat(root.cid()).hasToString("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1");
  }

  // ---- kubo's ChaCha20 data: chunk and max-links thresholds (cid_profiles_test.go) ----

  @Test
  void chunkSizeThreshold_unixfsV0Profile() throws IOException {
    assertThat(chacha(262144, "chunk-v0-seed", KUBO))
        .isEqualTo("QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE");
    assertThat(chacha(262145, "chunk-v0-seed", KUBO))
        .isEqualTo("QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ");
  }

  @Test
  void maxLinksThreshold_unixfsV0Profile() throws IOException {
    long size = 174L * 262144;
    assertThat(chacha(size, "v0-seed", KUBO))
        .isEqualTo("QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2");
    assertThat(chacha(size + 1, "v0-seed", KUBO))
        .isEqualTo("QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW");
  }

  @Test
  void chunkSizeThreshold_unixfsV1Profile() throws IOException {
    ImportOptions v1 =
        KUBO.withChunker("size-1048576")
            .withCid(1, HashFunction.SHA2_256)
            .withRawLeaves(true)
            .withMaxLinks(1024);
    assertThat(chacha(1048576, "chunk-v1-seed", v1))
        .isEqualTo("bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta");
    assertThat(chacha(1048577, "chunk-v1-seed", v1))
        .isEqualTo("bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64");
  }

  /** add_test.go: 256 MiB with {@code --max-file-links 1024} (about a second). */
  @Test
  void maxLinks1024_addTest() throws IOException {
    assertThat(chacha(262144L * 1024, "hello world", KUBO.withMaxLinks(1024)))
        .isEqualTo("QmbBftNHWmjSWKLC49dMVrfnY8pjrJYntiAXirFJ7oJrNk");
  }

  // ---- HAMT sharding ----

  /** cid_profiles_test.go: 4096 names of 30 chars + 34-byte CIDs = 262144 bytes, not above. */
  @Test
  void directoryAtThreshold_staysBasic() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    AddedOutput root = directory(profileFiles(4096, 30), KUBO, sink);

    assertThat(root.cid()).hasToString("QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN");
    assertThat(typeOf(sink, root.cid())).isEqualTo(UnixfsType.DIRECTORY);
  }

  /** cid_profiles_test.go: 4033 names of 31 chars: 262145 bytes, one above: a HAMT. */
  @Test
  void directoryOneByteOverThreshold_isSharded() throws IOException {
    MemoryBlockSink sink = new MemoryBlockSink();
    AddedOutput root = directory(profileFiles(4033, 31), KUBO, sink);

    assertThat(root.cid()).hasToString("QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP");
    assertThat(typeOf(sink, root.cid())).isEqualTo(UnixfsType.HAMT_SHARD);
  }

  /** t0260-sharding.sh: 2000 files {@code file<i>} holding {@code "<i>\n"}. */
  @Test
  void seqDirectory_unshardedAndSharded_t0260() throws IOException {
    Map<String, String> files = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= 2000; i++) {
      files.put("file" + i, i + "\n");
    }
    assertThat(directory(files, KUBO.withHamtShardingSize(1 << 30), BlockSink.discard()).cid())
        .hasToString("QmavrTrQG4VhoJmantURAYuw3bowq3E2WcvP36NRQDAC1N");

    Map<String, AddedOutput> outputs = new HashMap<>();
    AddedOutput sharded =
        UnixfsImporter.importAll(
            KUBO.withHamtShardingSize(1),
            BlockSink.discard(),
            o -> outputs.put(o.name(), o),
            entries(files));
    assertThat(sharded.cid()).hasToString("QmSCJD1KYLhVVHqBK3YyXuoEqHt7vggyJhzoFYbT8v1XYL");
    assertThat(outputs.get("testdata/file100").cid())
        .hasToString("QmZ3RfWk1u5LEGYLHA633B5TNJy3Du27K6Fny9wcxpowGS");

    ImportOptions v1 =
        KUBO.withHamtShardingSize(1).withCid(1, HashFunction.SHA2_256).withRawLeaves(true);
    assertThat(directory(files, v1, BlockSink.discard()).cid())
        .hasToString("bafybeibiemewfzzdyhq2l74wrd6qj2oz42usjlktgnlqv4yfawgouaqn4u");
  }

  // ---- helpers ----

  private static String file(String text, ImportOptions options) throws IOException {
    return importOne(stream(text), options);
  }

  private static String chacha(long size, String seed, ImportOptions options) throws IOException {
    return importOne(new ChaChaStream(size, seed), options);
  }

  private static String importOne(InputStream in, ImportOptions options) throws IOException {
    return UnixfsImporter.importAll(
            options, BlockSink.discard(), o -> {}, List.of(ImportEntry.file("f", in)))
        .cid()
        .toString();
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(UTF_8));
  }

  /** kubo's {@code createDeterministicFiles}: names from ChaCha20 bytes, each file "x". */
  private static Map<String, String> profileFiles(int count, int nameLength) throws IOException {
    String alphabet = "abcdefghijklmnopqrstuvwxyz01234567890-_";
    InputStream names = new ChaChaStream(1 << 20, "hamt-unixfs-v0-2015");
    Map<String, String> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      byte[] raw = names.readNBytes(nameLength);
      StringBuilder name = new StringBuilder();
      for (byte b : raw) {
        name.append(alphabet.charAt((b & 0xFF) % alphabet.length()));
      }
      files.put(name.toString(), "x");
    }
    assertThat(files).hasSize(count);
    return files;
  }

  private static AddedOutput directory(
      Map<String, String> files, ImportOptions options, BlockSink sink) throws IOException {
    return UnixfsImporter.importAll(options, sink, o -> {}, entries(files));
  }

  private static List<ImportEntry> entries(Map<String, String> files) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(ImportEntry.directory("testdata"));
    files.forEach((name, text) -> entries.add(ImportEntry.file("testdata/" + name, stream(text))));
    return entries;
  }

  private static UnixfsType typeOf(MemoryBlockSink sink, Cid cid) {
    return UnixfsData.decode(PbNode.decode(sink.get(cid).data()).data()).type();
  }
}
