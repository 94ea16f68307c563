package io.ipfscluster.ipfs.node;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small UnixFS-shaped DAGs built by hand, for tests that need blocks with links. */
public final class TestDags {
  private TestDags() {}

  /** A DAG: its root and every block, children before parents. */
  public record Dag(Cid root, List<Block> blocks) {
    public Block rootBlock() {
      return blocks.getLast();
    }
  }

  /** A raw leaf of {@code data}. */
  public static Block rawLeaf(byte[] data) {
    return new Block(Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data)), data);
  }

  /** A dag-pb UnixFS file leaf of {@code data} (CIDv0). */
  public static Block pbLeaf(byte[] data) {
    byte[] block = PbNode.ofData(UnixfsData.file(data, data.length, List.of()).encode()).encode();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, block)), block);
  }

  /** A dag-pb node (CIDv0) linking {@code children}. */
  public static Block parent(List<Block> children) {
    List<PbLink> links = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (Block child : children) {
      links.add(PbLink.of(child.cid(), "", child.data().length));
      sizes.add(contentSize(child));
    }
    byte[] data =
        UnixfsData.file(null, sizes.stream().mapToLong(Long::longValue).sum(), sizes).encode();
    byte[] block = new PbNode(links, data).encode();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, block)), block);
  }

  /** The bytes of file content a block holds: all of a raw leaf, the filesize of a dag-pb node. */
  static long contentSize(Block block) {
    if (block.cid().codec() == Multicodec.RAW.code()) {
      return block.data().length;
    }
    return UnixfsData.decode(PbNode.decode(block.data()).data()).fileSize();
  }

  /**
   * A two-level DAG: a root over {@code leaves} leaves of {@code leafSize} random bytes (seeded),
   * raw or dag-pb.
   */
  public static Dag file(long seed, int leaves, int leafSize, boolean rawLeaves) {
    Random random = new Random(seed);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < leaves; i++) {
      byte[] data = new byte[leafSize];
      random.nextBytes(data);
      blocks.add(rawLeaves ? rawLeaf(data) : pbLeaf(data));
    }
    Block root = parent(blocks);
    blocks.add(root);
    return new Dag(root.cid(), blocks);
  }

  /** A DAG of {@code parents} inner nodes of {@code fanout} raw leaves each, under one root. */
  public static Dag wide(long seed, int parents, int fanout, int leafSize) {
    List<Block> blocks = new ArrayList<>();
    List<Block> inner = new ArrayList<>();
    for (int p = 0; p < parents; p++) {
      Dag sub = file(seed * 1_000_003 + p, fanout, leafSize, true);
      blocks.addAll(sub.blocks());
      inner.add(sub.rootBlock());
    }
    Block root = parent(inner);
    blocks.add(root);
    return new Dag(root.cid(), blocks);
  }

  /** A UnixFS directory (CIDv0) with {@code entries}, links sorted by name as kubo writes them. */
  public static Block directory(java.util.Map<String, Block> entries) {
    List<PbLink> links = new ArrayList<>();
    entries.forEach((name, block) -> links.add(PbLink.of(block.cid(), name, block.data().length)));
    byte[] block = new PbNode(links, UnixfsData.directory().encode()).sortedByName().encode();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, block)), block);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
