package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.ipld.UnixfsType;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads the bytes of a UnixFS file DAG (balanced or trickle, dag-pb or raw leaves) in order,
 * skipping whole subtrees before the requested offset by their {@code blocksizes}. Blocks are
 * fetched like any other ({@link IpfsNode#getBlock}), one at a time, so memory holds one block.
 *
 * <p>Stateless and thread-safe.
 */
final class UnixfsReader {
  private UnixfsReader() {}

  /**
   * The size of the file at {@code root}.
   *
   * @throws KuboError if it is not a file (kubo's {@code this dag node is a directory})
   */
  static long size(IpfsNode node, Cid root) throws InterruptedException {
    if (root.codec() == Multicodec.RAW.code()) {
      return node.getBlock(root).length;
    }
    UnixfsData data = fileData(root, node.getBlock(root));
    if (data.fileSize() != null) {
      return data.fileSize();
    }
    long size = data.data() == null ? 0 : data.data().length;
    for (long blockSize : data.blockSizes()) {
      size += blockSize;
    }
    return size;
  }

  /** Writes bytes {@code [start, end)} of the file at {@code root} to {@code out}. */
  static void copy(IpfsNode node, Cid root, long start, long end, OutputStream out)
      throws IOException, InterruptedException {
    if (start < end) {
      copyRange(node, root, start, end, out);
    }
  }

  private static void copyRange(IpfsNode node, Cid cid, long start, long end, OutputStream out)
      throws IOException, InterruptedException {
    byte[] block = node.getBlock(cid);
    if (cid.codec() == Multicodec.RAW.code()) {
      writeOverlap(block, 0, start, end, out);
      return;
    }
    PbNode pb = PbNode.decode(block);
    UnixfsData data = fileData(cid, block);
    byte[] own = data.data() == null ? new byte[0] : data.data();
    writeOverlap(own, 0, start, end, out);
    long pos = own.length;
    List<Long> sizes = data.blockSizes();
    for (int i = 0; i < pb.links().size() && pos < end; i++) {
      Cid child = pb.links().get(i).cid();
      long childSize = i < sizes.size() ? sizes.get(i) : size(node, child);
      if (pos + childSize > start) {
        copyRange(node, child, Math.max(0, start - pos), Math.min(childSize, end - pos), out);
      }
      pos += childSize;
    }
  }

  private static void writeOverlap(byte[] bytes, long at, long start, long end, OutputStream out)
      throws IOException {
    long from = Math.max(start, at);
    long to = Math.min(end, at + bytes.length);
    if (from < to) {
      out.write(bytes, (int) (from - at), (int) (to - from));
    }
  }

  private static UnixfsData fileData(Cid cid, byte[] block) {
    if (cid.codec() != Multicodec.DAG_PB.code()) {
      throw KuboError.normal("unsupported node type: " + cid + " is not a UnixFS file");
    }
    UnixfsData data = PathResolver.unixfs(PbNode.decode(block));
    if (data == null) {
      throw KuboError.normal("not unixfs node (proto or raw): " + cid);
    }
    if (data.type() == UnixfsType.DIRECTORY || data.type() == UnixfsType.HAMT_SHARD) {
      throw KuboError.normal("this dag node is a directory");
    }
    if (data.type() != UnixfsType.FILE && data.type() != UnixfsType.RAW) {
      throw KuboError.normal("cannot read " + cid + ": not a file but a " + data.type());
    }
    return data;
  }
}
