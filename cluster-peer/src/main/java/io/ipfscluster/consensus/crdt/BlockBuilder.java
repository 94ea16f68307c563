package io.ipfscluster.consensus.crdt;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the operations of a writer into blocks of at most {@link BlockCodec#MAX_BLOCK_BYTES}.
 * Each block links the previous one, so a batch too large for one block becomes a chain.
 *
 * <p>A put of key k adds (k, value) and removes the dots the writer observed for k; a delete only
 * removes them. A later operation on a key already in the block replaces the earlier one.
 *
 * <p>Not thread-safe.
 */
final class BlockBuilder {
  private final Identity identity;
  private final byte[] incarnation;
  private final WriterId writer;
  private long seq;
  private List<BlockRef> parents;
  private final TreeMap<Cid, byte[]> adds = new TreeMap<>();
  private final TreeMap<Cid, List<Dot>> removes = new TreeMap<>();
  private int size;

  /**
   * Starts the block {@code seq} of the writer ({@code identity}, {@code incarnation}) on top of
   * {@code parents}.
   */
  BlockBuilder(Identity identity, byte[] incarnation, long seq, List<BlockRef> parents) {
    this.identity = identity;
    this.incarnation = incarnation.clone();
    this.writer = WriterId.of(identity.peerId(), incarnation);
    this.seq = seq;
    start(parents);
  }

  private void start(List<BlockRef> newParents) {
    List<BlockRef> sorted = new ArrayList<>(newParents);
    sorted.sort((a, b) -> a.dot().compareTo(b.dot()));
    parents = List.copyOf(sorted);
    adds.clear();
    removes.clear();
    size = BlockCodec.overheadSize(identity.peerId(), parents);
  }

  WriterId writer() {
    return writer;
  }

  boolean isEmpty() {
    return adds.isEmpty() && removes.isEmpty();
  }

  /**
   * Adds a put ({@code value} not null) or delete of {@code key} that removes {@code observed}, if
   * it fits in the block.
   *
   * @return false if the block is full: seal it and add the operation to the next one
   * @throws IllegalArgumentException if the operation would not fit even in an empty block
   */
  boolean add(Cid key, byte[] value, List<Dot> observed) {
    int opSize = opSize(key, value, observed);
    int replaced = opSize(key, adds.get(key), removes.getOrDefault(key, List.of()));
    if (!adds.containsKey(key) && !removes.containsKey(key)) {
      replaced = 0;
    }
    if (size - replaced + opSize > BlockCodec.MAX_BLOCK_BYTES) {
      if (isEmpty()) {
        throw new IllegalArgumentException(
            "the pin of "
                + key
                + " is too large for a CRDT block ("
                + opSize
                + " bytes with "
                + parents.size()
                + " parents, at most "
                + BlockCodec.MAX_BLOCK_BYTES
                + ")");
      }
      return false;
    }
    size += opSize - replaced;
    adds.remove(key);
    removes.remove(key);
    if (value != null) {
      adds.put(key, value);
    }
    if (!observed.isEmpty()) {
      removes.put(key, observed.stream().sorted().distinct().toList());
    }
    return true;
  }

  private static int opSize(Cid key, byte[] value, List<Dot> observed) {
    int n = value == null ? 0 : BlockCodec.addSize(key, value.length);
    return observed.isEmpty() ? n : n + BlockCodec.removeSize(key, observed.size());
  }

  /** Signs the block built so far and starts the next one on top of it. */
  DeltaBlock seal() {
    long height = 1;
    for (BlockRef p : parents) {
      height = Math.max(height, p.height() + 1);
    }
    List<Delta.Add> addList = new ArrayList<>(adds.size());
    for (Map.Entry<Cid, byte[]> e : adds.entrySet()) {
      addList.add(new Delta.Add(e.getKey(), e.getValue()));
    }
    List<Delta.Remove> removeList = new ArrayList<>(removes.size());
    for (Map.Entry<Cid, List<Dot>> e : removes.entrySet()) {
      removeList.add(new Delta.Remove(e.getKey(), e.getValue()));
    }
    Delta delta =
        new Delta(
            writer, identity.peerId(), incarnation, seq, height, parents, addList, removeList);
    DeltaBlock block = BlockCodec.sign(delta, identity);
    seq++;
    start(List.of(block.ref()));
    return block;
  }
}
