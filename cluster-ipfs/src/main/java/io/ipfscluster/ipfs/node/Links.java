package io.ipfscluster.ipfs.node;

import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.IpldException;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads the links of a block by its codec: dag-pb links, none for raw, every CID (tag 42) inside
 * dag-cbor. Other codecs throw {@link UnsupportedCodecException}: a DAG the node cannot read is a
 * DAG it cannot keep whole.
 *
 * <p>Stateless and thread-safe.
 */
final class Links {
  /*
   * dag-pb puts Links before Data (strict decoders reject the other order), so the links of a
   * block sit at its start. Walking a DAG therefore reads only a prefix of each dag-pb block: a
   * leaf of 256 KiB costs a read of a few bytes, not 256 KiB. That is what keeps pin/add of a
   * 10,000-block DAG that is already present well under the 2 s target (BENCHMARKS.md).
   */
  static final int PREFIX_BYTES = 8192;

  private static final int DATA_TAG = 1 << 3 | 2;
  private static final int LINK_TAG = 2 << 3 | 2;

  private Links() {}

  /** Whether the node can read links of blocks with this CID's codec. */
  static boolean isSupported(Cid cid) {
    long codec = cid.codec();
    return codec == Multicodec.DAG_PB.code()
        || codec == Multicodec.RAW.code()
        || codec == Multicodec.DAG_CBOR.code();
  }

  /** Whether blocks of this CID's codec never have links, so they need not be read to walk. */
  static boolean isLeafCodec(Cid cid) {
    return cid.codec() == Multicodec.RAW.code();
  }

  /**
   * The links of a whole block.
   *
   * @throws IpldException if the block is malformed
   * @throws UnsupportedCodecException if the codec is not one of dag-pb, raw, dag-cbor
   */
  static List<Cid> of(Cid cid, byte[] block) {
    long codec = cid.codec();
    if (codec == Multicodec.RAW.code()) {
      return List.of();
    }
    if (codec == Multicodec.DAG_PB.code()) {
      return cidsOf(PbNode.decode(block).links());
    }
    if (codec == Multicodec.DAG_CBOR.code()) {
      return cborLinks(DagCbor.decode(block));
    }
    throw new UnsupportedCodecException(cid);
  }

  /**
   * The links of a dag-pb block from a prefix of it, or {@code null} if the prefix ends inside the
   * links, so the whole block must be read.
   *
   * @param prefix the first bytes of the block
   * @param whole whether {@code prefix} is the whole block
   */
  static List<Cid> ofDagPbPrefix(byte[] prefix, boolean whole) {
    if (whole) {
      return cidsOf(PbNode.decode(prefix).links());
    }
    int end = linksEnd(prefix);
    if (end < 0) {
      return null;
    }
    return cidsOf(PbNode.decode(Arrays.copyOf(prefix, end)).links());
  }

  /**
   * Where the links of a dag-pb block end in {@code prefix} (at the Data field), or -1 if the
   * prefix ends before that.
   */
  private static int linksEnd(byte[] prefix) {
    int pos = 0;
    while (pos < prefix.length) {
      long[] tag = varint(prefix, pos);
      if (tag == null) {
        return -1;
      }
      if (tag[0] == DATA_TAG) {
        return pos;
      }
      if (tag[0] != LINK_TAG) {
        // Not a field dag-pb allows: let the strict decoder of the whole block say so.
        return -1;
      }
      long[] length = varint(prefix, (int) tag[1]);
      if (length == null) {
        return -1;
      }
      long next = length[1] + length[0];
      if (next > prefix.length) {
        return -1;
      }
      pos = (int) next;
    }
    return -1;
  }

  /** A varint at {@code pos}: {value, position after it}, or null if the buffer ends first. */
  private static long[] varint(byte[] in, int pos) {
    long value = 0;
    for (int shift = 0; shift < 64 && pos < in.length; shift += 7) {
      int b = in[pos++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return new long[] {value, pos};
      }
    }
    return null;
  }

  private static List<Cid> cidsOf(List<PbLink> links) {
    List<Cid> cids = new ArrayList<>(links.size());
    for (PbLink link : links) {
      cids.add(link.cid());
    }
    return cids;
  }

  private static List<Cid> cborLinks(Object root) {
    List<Cid> cids = new ArrayList<>();
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root == null ? List.of() : root);
    while (!pending.isEmpty()) {
      Object value = pending.pop();
      switch (value) {
        case Cid cid -> cids.add(cid);
        case Map<?, ?> map -> pushAll(pending, map.values());
        case Collection<?> list -> pushAll(pending, list);
        default -> {}
      }
    }
    return cids;
  }

  /** Pushes in reverse, so that links come out in the order they appear in the block. */
  private static void pushAll(Deque<Object> pending, Collection<?> values) {
    List<?> ordered = new ArrayList<>(values);
    for (int i = ordered.size() - 1; i >= 0; i--) {
      if (ordered.get(i) != null) {
        pending.push(ordered.get(i));
      }
    }
  }
}
