package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CidPrefix;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a directory's node(s) from its entries, choosing between a basic directory and a HAMT
 * shard tree as kubo does.
 *
 * <p>kubo (boxo {@code unixfs/io/directory.go}) keeps a basic directory until an entry makes its
 * estimated size exceed {@code HAMTShardingSize} (256 KiB by default), the estimate being the sum
 * over entries of the name's UTF-8 length plus the CID's byte length. Entries are only ever added
 * during an import, so the estimate only grows and the outcome depends on the final sum alone:
 * basic when it is at most the threshold, sharded when above. (boxo before v0.37, in kubo before
 * 0.40, sharded at exactly the threshold too; the current rule, {@code >}, is used.)
 *
 * <p>Thread-safe: stateless.
 */
final class DirectoryEncoder {
  private DirectoryEncoder() {}

  /**
   * Writes the directory holding {@code entries} (name to node, any order) and returns its node.
   */
  static DagNode write(
      Map<String, DagNode> entries,
      CidPrefix prefix,
      int shardingThreshold,
      int fanout,
      BlockSink sink)
      throws IOException {
    long estimate = 0;
    for (Map.Entry<String, DagNode> e : entries.entrySet()) {
      estimate += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().cid().length();
    }
    if (shardingThreshold > 0 && estimate > shardingThreshold) {
      return HamtShardEncoder.write(entries, prefix, fanout, sink);
    }
    List<PbLink> links = new ArrayList<>(entries.size());
    for (Map.Entry<String, DagNode> e : entries.entrySet()) {
      links.add(PbLink.of(e.getValue().cid(), e.getKey(), e.getValue().cumulativeSize()));
    }
    PbNode node = new PbNode(links, UnixfsData.directory().encode()).sortedByName();
    return writeNode(node, prefix, sink);
  }

  /** Encodes {@code node}, hands the block to {@code sink} and returns its CID and size. */
  static DagNode writeNode(PbNode node, CidPrefix prefix, BlockSink sink) throws IOException {
    byte[] bytes = node.encode();
    Block block = new Block(prefix.sum(bytes), bytes);
    sink.accept(block);
    return new DagNode(block.cid(), node.cumulativeSize(bytes.length), 0);
  }
}
