package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link BlockSink} that keeps blocks in memory, in arrival order, once per CID. For tests and
 * small imports (a CAR export of what was just added, for example).
 *
 * <p>Thread-safe: methods synchronize on the sink.
 */
public final class MemoryBlockSink implements BlockSink {
  private final Map<Cid, Block> blocks = new LinkedHashMap<>();
  private long bytes;

  @Override
  public synchronized void accept(Block block) {
    if (blocks.putIfAbsent(block.cid(), block) == null) {
      bytes += block.data().length;
    }
  }

  /** The block with this CID, or null. */
  public synchronized Block get(Cid cid) {
    return blocks.get(cid);
  }

  /** Whether a block with this CID arrived. */
  public synchronized boolean has(Cid cid) {
    return blocks.containsKey(cid);
  }

  /** The distinct blocks, in the order they first arrived. */
  public synchronized List<Block> blocks() {
    return new ArrayList<>(blocks.values());
  }

  /** The number of distinct blocks. */
  public synchronized int size() {
    return blocks.size();
  }

  /** The total size of the distinct blocks' data, in bytes. */
  public synchronized long totalBytes() {
    return bytes;
  }
}
