package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CidPrefix;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a UnixFS HAMT-sharded directory, the structure kubo's {@code hamt.Shard} builds.
 *
 * <p>Each entry name is hashed with murmur3-x64-64 (big-endian bytes); a shard at depth {@code d}
 * places an entry by the {@code d}-th group of {@code log2(fanout)} bits of that hash, most
 * significant first. A slot that receives one entry links to it under the name {@code XX<name>},
 * {@code XX} being the slot number in upper-case hex padded to the width of {@code fanout - 1}; a
 * slot that receives several holds a child shard, linked under {@code XX} alone. Since entries are
 * only added, the tree depends on the set of names alone, not on insertion order. A shard's data is
 * UnixFS {@code HAMTShard} with the occupied slots as a big-endian bitfield (leading zero bytes
 * dropped), {@code hashType} 0x22 and {@code fanout}; its links are in slot order.
 *
 * <p>Thread-safe: stateless.
 */
final class HamtShardEncoder {
  /** The {@code hashType} of murmur3-x64-64. */
  static final long MURMUR3 = 0x22;

  private HamtShardEncoder() {}

  static DagNode write(Map<String, DagNode> entries, CidPrefix prefix, int fanout, BlockSink sink)
      throws IOException {
    List<Entry> list = new ArrayList<>(entries.size());
    for (Map.Entry<String, DagNode> e : entries.entrySet()) {
      long hash = Murmur3.hash64(e.getKey().getBytes(StandardCharsets.UTF_8));
      list.add(new Entry(e.getKey(), hash, e.getValue()));
    }
    int bits = Integer.numberOfTrailingZeros(fanout);
    int width = Integer.toHexString(fanout - 1).length();
    return shard(list, 0, bits, width, fanout, prefix, sink);
  }

  private record Entry(String name, long hash, DagNode node) {}

  private static DagNode shard(
      List<Entry> entries,
      int depth,
      int bits,
      int width,
      int fanout,
      CidPrefix prefix,
      BlockSink sink)
      throws IOException {
    if ((depth + 1) * bits > 64) {
      throw new IllegalArgumentException(
          "sharded directory too deep: names collide in all 64 hash bits: " + names(entries));
    }
    @SuppressWarnings("unchecked")
    List<Entry>[] slots = new List[fanout];
    int shift = 64 - (depth + 1) * bits;
    for (Entry e : entries) {
      int slot = (int) ((e.hash >>> shift) & (fanout - 1));
      if (slots[slot] == null) {
        slots[slot] = new ArrayList<>(1);
      }
      slots[slot].add(e);
    }
    byte[] bitfield = new byte[fanout / 8];
    List<PbLink> links = new ArrayList<>();
    for (int slot = 0; slot < fanout; slot++) {
      List<Entry> here = slots[slot];
      if (here == null) {
        continue;
      }
      bitfield[bitfield.length - 1 - slot / 8] |= (byte) (1 << (slot % 8));
      String label = String.format(Locale.ROOT, "%0" + width + "X", slot);
      if (here.size() == 1) {
        Entry e = here.get(0);
        links.add(PbLink.of(e.node.cid(), label + e.name, e.node.cumulativeSize()));
      } else {
        DagNode child = shard(here, depth + 1, bits, width, fanout, prefix, sink);
        links.add(PbLink.of(child.cid(), label, child.cumulativeSize()));
      }
    }
    byte[] data = UnixfsData.hamtShard(trimLeadingZeros(bitfield), fanout, MURMUR3).encode();
    return DirectoryEncoder.writeNode(new PbNode(links, data), prefix, sink);
  }

  private static byte[] trimLeadingZeros(byte[] bitfield) {
    int i = 0;
    while (i < bitfield.length && bitfield[i] == 0) {
      i++;
    }
    return i == bitfield.length ? null : java.util.Arrays.copyOfRange(bitfield, i, bitfield.length);
  }

  private static String names(List<Entry> entries) {
    return entries.stream().map(Entry::name).limit(5).toList().toString();
  }
}
