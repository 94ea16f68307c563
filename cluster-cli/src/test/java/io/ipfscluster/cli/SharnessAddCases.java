package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code ctl add} cases of the sharness suite (t0031, spec §9.1): what {@code ctl add} prints
 * is what kubo prints for the same input and options, compared with the CIDs of the oracle table
 * ({@link AddReference}) instead of a kubo running beside. Mixed into {@link SharnessCases}, whose
 * shared peer they use.
 */
interface SharnessAddCases {
  /** The peer the cases add through; it runs for the whole class. */
  SharnessPeer peer();

  /** The class's folder, where the cases write the files they add. */
  Path dir();

  /** True when the IPFS node stores blocks hashed with {@code sha3-512}, as kubo does. */
  default boolean nodeHasSha3() {
    return true;
  }

  @Test
  default void t0031a_ctlAdd_500BytesFile_printsTheReferenceCids() throws Exception {
    String in = "prng-500";
    String file = new AddReference(dir()).prng(500).toString();

    List<String> plain = AddReference.addQuiet(peer(), file);
    List<String> wrapped = AddReference.addQuiet(peer(), "-w", file);
    List<String> raw = AddReference.addQuiet(peer(), "--raw-leaves", file);
    List<String> rawWrapped = AddReference.addQuiet(peer(), "--raw-leaves", "-w", file);
    List<String> v1 = AddReference.addQuiet(peer(), "--cid-version", "1", file);

    assertThat(plain).containsExactly(AddReference.cid(in, "(default)", in));
    assertThat(wrapped).isEqualTo(AddReference.fileAndWrapper(in, "wrap-with-directory=true"));
    assertThat(raw).containsExactly(AddReference.cid(in, "raw-leaves=true", in));
    assertThat(rawWrapped)
        .isEqualTo(AddReference.fileAndWrapper(in, "raw-leaves=true&wrap-with-directory=true"));
    assertThat(v1).containsExactly(AddReference.cid(in, "cid-version=1", in));
    SharnessCases.awaitStatus(peer(), plain.get(0), "PINNED");
  }

  @Test
  default void t0031b_ctlAdd_20MiBFile_printsTheReferenceCids() throws Exception {
    String in = "prng-20971520";
    String file = new AddReference(dir()).prng(20971520).toString();

    List<String> plain = AddReference.addQuiet(peer(), file);
    List<String> trickle =
        AddReference.addQuiet(peer(), "--layout", "trickle", file); // ipfs add --trickle
    List<String> wrapped = AddReference.addQuiet(peer(), "-w", file);
    List<String> raw = AddReference.addQuiet(peer(), "--raw-leaves", file);
    List<String> rawWrapped = AddReference.addQuiet(peer(), "--raw-leaves", "-w", file);

    assertThat(plain).containsExactly(AddReference.cid(in, "(default)", in));
    assertThat(trickle).containsExactly(AddReference.cid(in, "trickle=true", in));
    assertThat(wrapped).isEqualTo(AddReference.fileAndWrapper(in, "wrap-with-directory=true"));
    assertThat(raw).containsExactly(AddReference.cid(in, "raw-leaves=true", in));
    assertThat(rawWrapped)
        .isEqualTo(AddReference.fileAndWrapper(in, "raw-leaves=true&wrap-with-directory=true"));
    SharnessCases.awaitStatus(peer(), plain.get(0), "PINNED");
  }

  @Test
  default void t0031c_ctlAdd_directory_printsTheReferenceCids_andIsListed() throws Exception {
    String in = "tree (no hidden)";
    String tree = new AddReference(dir()).tree().toString();

    List<String> plain = AddReference.addQuiet(peer(), "-r", tree);
    List<String> wrapped = AddReference.addQuiet(peer(), "-r", "-w", tree);
    List<String> v1 = AddReference.addQuiet(peer(), "-r", "--cid-version", "1", tree);

    AddReference.assertEntries(plain, AddReference.cids(in, "(default)"), "tree");
    AddReference.assertEntries(
        wrapped, AddReference.cids(in, "wrap-with-directory=true"), "(wrapper dir)");
    AddReference.assertEntries(v1, AddReference.cids(in, "cid-version=1"), "tree");
    if (nodeHasSha3()) {
      List<String> sha3 = AddReference.addQuiet(peer(), "-r", "--hash", "sha3-512", tree);
      AddReference.assertEntries(sha3, AddReference.cids(in, "hash=sha3-512"), "tree");
    } else {
      Dist.Result sha3 = peer().ctl("add", "-q", "-r", "--hash", "sha3-512", tree);
      assertThat(sha3.exitCode()).as(sha3.all()).isNotZero();
      assertThat(sha3.all()).contains("No hasher found for \"sha3-512\"");
    }
    String root = plain.getLast();
    assertThat(peer().ctlOk("pin", "ls", root)).contains(root);
    SharnessCases.awaitStatus(peer(), root, "PINNED");
  }

  @Test
  default void t0031d_ctlAddQuieter_carRoot_andWrappedFileIsTheFolderOfIt() throws Exception {
    String in = "prng-500";
    AddReference ref = new AddReference(dir());
    Path file = ref.prng(500);

    String car = AddReference.addQuieter(peer(), "--format", "car", ref.car(file).toString());
    String wrapped = AddReference.addQuieter(peer(), "-w", file.toString());
    String folder =
        AddReference.addQuieter(peer(), "-r", ref.folderOf("t0031-folder", file).toString());

    assertThat(car).isEqualTo(AddReference.cid(in, "(default)", in));
    assertThat(wrapped)
        .isEqualTo(folder)
        .isEqualTo(AddReference.cid(in, "wrap-with-directory=true", "(wrapper dir)"));
    assertThat(peer().ctlOk("pin", "ls", folder)).contains(folder);
  }

  @Test
  default void t0031e_ctlAddWithMetadata_listedAsMetadataYes_noPinNotListed() throws Exception {
    Path with = Files.writeString(dir().resolve("t0031-with.txt"), "t0031 metadata\n");
    Path without = Files.writeString(dir().resolve("t0031-without.txt"), "t0031 no metadata\n");
    Path unpinned = Files.writeString(dir().resolve("t0031-unpinned.txt"), "t0031 no pin\n");

    String withCid = AddReference.addQuieter(peer(), "--metadata", "kind=text", with.toString());
    String withoutCid = AddReference.addQuieter(peer(), without.toString());
    String unpinnedCid = AddReference.addQuieter(peer(), "--no-pin", unpinned.toString());

    assertThat(peer().ctlOk("pin", "ls", withCid)).contains("Metadata: yes");
    assertThat(peer().ctlJson("pin", "ls", withCid).get(0).path("metadata").path("kind").asText())
        .isEqualTo("text");
    assertThat(peer().ctlOk("pin", "ls", withoutCid)).contains("Metadata: no");
    assertThat(peer().ctl("pin", "ls", unpinnedCid).out()).doesNotContain(unpinnedCid + " |");
  }
}
