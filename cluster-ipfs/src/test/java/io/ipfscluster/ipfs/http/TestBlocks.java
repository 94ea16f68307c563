package io.ipfscluster.ipfs.http;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Blocks for connector tests, made without the UnixFS importer: raw leaves, and dag-pb nodes
 * (UnixFS files and directories) encoded canonically (links first, then data), so any IPFS node can
 * pin them recursively and resolve paths through them.
 *
 * <p>Thread-safe: the random source is seeded per instance and used under a lock.
 */
public final class TestBlocks {
  private final Random random;

  /** Blocks from a fresh random seed, so every run writes new content. */
  public TestBlocks() {
    this(new Random().nextLong());
  }

  /** Blocks from {@code seed}, for reproducible content. */
  public TestBlocks(long seed) {
    this.random = new Random(seed);
  }

  /** A raw block (CIDv1, codec raw, sha2-256) of {@code size} random bytes. */
  public synchronized Block raw(int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return raw(data);
  }

  /** The raw block (CIDv1, codec raw, sha2-256) holding {@code data}. */
  public static Block raw(byte[] data) {
    return new Block(Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data)), data);
  }

  /** A dag-pb UnixFS file (CIDv0) whose content is the given raw leaves, in order. */
  public static Block file(List<Block> leaves) {
    ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
    long size = leaves.stream().mapToLong(b -> b.data().length).sum();
    unixfs.write(0x08); // Type
    Varint.write(2, unixfs); // File
    unixfs.write(0x18); // filesize
    Varint.write(size, unixfs);
    for (Block leaf : leaves) {
      unixfs.write(0x20); // blocksizes
      Varint.write(leaf.data().length, unixfs);
    }
    List<Link> links = new ArrayList<>();
    for (Block leaf : leaves) {
      links.add(new Link(leaf.cid(), "", leaf.data().length));
    }
    return dagPb(links, unixfs.toByteArray());
  }

  /** A dag-pb UnixFS directory (CIDv0) with the given named entries. */
  public static Block directory(List<Link> entries) {
    List<Link> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    return dagPb(sorted, new byte[] {0x08, 0x01});
  }

  /** A dag-pb block (CIDv0) with these links and data. */
  public static Block dagPb(List<Link> links, byte[] data) {
    ByteArrayOutputStream node = new ByteArrayOutputStream();
    for (Link l : links) {
      ByteArrayOutputStream link = new ByteArrayOutputStream();
      bytesField(link, 1, l.cid().toBytes());
      bytesField(link, 2, l.name().getBytes(StandardCharsets.UTF_8));
      link.write(0x18); // Tsize
      Varint.write(l.size(), link);
      bytesField(node, 2, link.toByteArray());
    }
    bytesField(node, 1, data);
    byte[] bytes = node.toByteArray();
    return new Block(Cid.v0(Multihash.compute(HashFunction.SHA2_256, bytes)), bytes);
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
    out.write(field << 3 | 2);
    Varint.write(value.length, out);
    out.writeBytes(value);
  }

  /**
   * A dag-pb link.
   *
   * @param cid the target
   * @param name the entry name ({@code ""} for file chunks)
   * @param size the cumulative size of the target's DAG
   */
  public record Link(Cid cid, String name, long size) {
    /** A link named {@code name} to {@code block}, sized by the block alone. */
    public static Link to(String name, Block block) {
      return new Link(block.cid(), name, block.data().length);
    }
  }
}
