package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.MultiformatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dag-pb node: links and optional data bytes.
 *
 * <p>{@link #encode()} writes the canonical form of the dag-pb spec: every link (field 2) before
 * the data (field 1), and in each link Hash, Name, Tsize in that order, each only when present.
 * Links are written in the order given; {@link #sortedByName()} sorts them as kubo does for
 * directories. {@link #decode(byte[])} accepts exactly that form and nothing looser: unknown
 * fields, fields out of order or repeated, a link without a Hash, or a Hash that is not a CID are
 * errors.
 *
 * <p>Immutable and thread-safe; the data array is not copied, so callers must not change it.
 *
 * @param links the links, in encoding order
 * @param data the data bytes, or null when the field is absent
 */
public record PbNode(List<PbLink> links, byte[] data) {

  public PbNode {
    links = List.copyOf(links);
  }

  /** A node without links. */
  public static PbNode ofData(byte[] data) {
    return new PbNode(List.of(), data);
  }

  /** The same node with its links stable-sorted by name, as kubo's merkledag encodes them. */
  public PbNode sortedByName() {
    List<PbLink> sorted = new ArrayList<>(links);
    sorted.sort(PbLink.BY_NAME);
    return new PbNode(sorted, data);
  }

  /** The canonical dag-pb encoding. */
  public byte[] encode() {
    int size = 0;
    int[] linkSizes = new int[links.size()];
    byte[][] names = new byte[links.size()][];
    for (int i = 0; i < linkSizes.length; i++) {
      PbLink link = links.get(i);
      int n = Protobuf.lenFieldSize(link.cid().length());
      if (link.name() != null) {
        names[i] = link.name().getBytes(StandardCharsets.UTF_8);
        n += Protobuf.lenFieldSize(names[i].length);
      }
      if (link.tsize() != null) {
        n += Protobuf.varintFieldSize(link.tsize());
      }
      linkSizes[i] = n;
      size += Protobuf.lenFieldSize(n);
    }
    if (data != null) {
      size += Protobuf.lenFieldSize(data.length);
    }
    Protobuf.Writer w = new Protobuf.Writer(size);
    for (int i = 0; i < linkSizes.length; i++) {
      PbLink link = links.get(i);
      w.lenHeader(2, linkSizes[i]);
      w.lenField(1, link.cid().toBytes());
      if (names[i] != null) {
        w.lenField(2, names[i]);
      }
      if (link.tsize() != null) {
        w.varintField(3, link.tsize());
      }
    }
    if (data != null) {
      w.lenField(1, data);
    }
    return w.finish();
  }

  /**
   * The cumulative size kubo reports for this node once encoded as {@code encodedLength} bytes: the
   * encoded length plus the Tsize of every link.
   */
  public long cumulativeSize(int encodedLength) {
    long total = encodedLength;
    for (PbLink link : links) {
      total += link.tsize() == null ? 0 : link.tsize();
    }
    return total;
  }

  /**
   * Decodes a dag-pb block strictly.
   *
   * @throws IpldException naming the problem and its byte offset
   */
  public static PbNode decode(byte[] block) {
    Protobuf.Reader r = new Protobuf.Reader("dag-pb", block, 0, block.length, 0);
    List<PbLink> links = new ArrayList<>();
    byte[] data = null;
    while (r.hasMore()) {
      long at = r.offset();
      int tag = r.tag();
      if (tag == (2 << 3 | Protobuf.LEN)) {
        if (data != null) {
          throw r.fail("Links after Data", at);
        }
        int start = r.lenPayload();
        links.add(decodeLink(block, start, r.position(), links.size()));
      } else if (tag == (1 << 3 | Protobuf.LEN)) {
        if (data != null) {
          throw r.fail("duplicate Data", at);
        }
        data = r.bytes();
      } else {
        throw r.fail("unexpected field " + (tag >>> 3) + " (wire type " + (tag & 7) + ")", at);
      }
    }
    return new PbNode(links, data);
  }

  private static PbLink decodeLink(byte[] block, int start, int end, int index) {
    Protobuf.Reader r = new Protobuf.Reader("dag-pb link " + index, block, start, end, 0);
    Cid cid = null;
    String name = null;
    Long tsize = null;
    int last = 0;
    while (r.hasMore()) {
      long at = r.offset();
      int tag = r.tag();
      int field = tag >>> 3;
      if (field <= last) {
        throw r.fail(
            field == last ? "repeated field " + field : "field " + field + " out of order", at);
      }
      last = field;
      switch (tag) {
        case 1 << 3 | Protobuf.LEN -> {
          byte[] bytes = r.bytes();
          try {
            cid = Cid.fromBytes(bytes);
          } catch (MultiformatException e) {
            throw new IpldException(
                "dag-pb link "
                    + index
                    + ": Hash is not a CID at byte "
                    + at
                    + ": "
                    + e.getMessage(),
                at,
                null,
                e);
          }
        }
        case 2 << 3 | Protobuf.LEN -> name = utf8(r, r.bytes(), at);
        case 3 << 3 | Protobuf.VARINT -> {
          long v = r.varint();
          if (v < 0) {
            throw r.fail("Tsize overflows a signed 64-bit integer", at);
          }
          tsize = v;
        }
        default -> throw r.fail("unexpected field " + field + " (wire type " + (tag & 7) + ")", at);
      }
    }
    if (cid == null) {
      throw r.fail("missing Hash", start);
    }
    return new PbLink(cid, name, tsize);
  }

  private static String utf8(Protobuf.Reader r, byte[] bytes, long at) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw r.fail("Name is not valid UTF-8", at);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PbNode other
        && links.equals(other.links)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(links, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "PbNode[links="
        + links
        + ", data="
        + (data == null ? "absent" : data.length + " bytes")
        + "]";
  }
}
