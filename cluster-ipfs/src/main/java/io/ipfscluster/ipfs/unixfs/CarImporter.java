package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CarReader;
import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.IpldException;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Imports a CAR file with a single root, as the cluster's {@code /add?format=car} does: every block
 * is verified, decoded by its codec (dag-pb, raw or dag-cbor) and passed to the sink.
 *
 * <p>Thread-safe: stateless.
 */
public final class CarImporter {
  private CarImporter() {}

  /**
   * Streams the blocks of {@code car} into {@code sink} and reports the root to {@code listener} as
   * one {@link AddedOutput}: {@code name}, the root CID, {@code bytes} = the total size of all
   * blocks, and {@code size} = the root's UnixFS file size (0 when the root is not a UnixFS file).
   *
   * @return the reported output
   * @throws IpldException if the CAR is malformed or truncated, a block does not match its CID or
   *     does not decode
   * @throws IllegalArgumentException if the CAR has no root or several, or a block has a codec
   *     other than dag-pb, raw or dag-cbor
   * @throws IOException if reading or writing fails
   */
  public static AddedOutput importCar(
      String name, InputStream car, BlockSink sink, Consumer<AddedOutput> listener)
      throws IOException {
    CarReader reader = CarReader.open(car);
    if (reader.roots().size() != 1) {
      throw new IllegalArgumentException("only CAR files with a single root are supported");
    }
    Cid root = reader.roots().get(0);
    long bytes = 0;
    long size = 0;
    for (Block block = reader.next(); block != null; block = reader.next()) {
      bytes += block.data().length;
      long fileSize = decode(block);
      if (block.cid().equals(root)) {
        size = fileSize;
      }
      sink.accept(block);
    }
    AddedOutput out = new AddedOutput(name, root, bytes, size, null);
    listener.accept(out);
    return out;
  }

  /** The size kubo's {@code FSNode.FileSize()} reports, or 0 for data that is not UnixFS. */
  private static long unixfsSize(byte[] data) {
    UnixfsData unixfs;
    try {
      unixfs = UnixfsData.decode(data);
    } catch (IpldException e) {
      return 0;
    }
    return switch (unixfs.type()) {
      case FILE, RAW -> unixfs.fileSize() == null ? 0 : unixfs.fileSize();
      case SYMLINK -> unixfs.data() == null ? 0 : unixfs.data().length;
      default -> 0;
    };
  }

  /** Checks that the block decodes; returns its UnixFS file size, or 0. */
  private static long decode(Block block) {
    long codec = block.cid().codec();
    try {
      if (codec == Multicodec.DAG_PB.code()) {
        PbNode node = PbNode.decode(block.data());
        return node.data() == null ? 0 : unixfsSize(node.data());
      } else if (codec == Multicodec.DAG_CBOR.code()) {
        DagCbor.decode(block.data());
        return 0;
      } else if (codec == Multicodec.RAW.code()) {
        return 0;
      }
    } catch (IpldException e) {
      throw new IpldException(
          "block " + block.cid() + " does not decode: " + e.getMessage(), -1, block.cid(), e);
    }
    throw new IllegalArgumentException(
        "block " + block.cid() + " has unsupported codec 0x" + Long.toHexString(codec));
  }
}
