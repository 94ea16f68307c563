package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A block as the IPLD data model in dag-json form, as {@code dag/get} prints it: links as {@code
 * {"/": "<cid>"}}, bytes as {@code {"/": {"bytes": "<base64, unpadded>"}}}, map keys sorted, a
 * dag-pb node as {@code {"Data": …, "Links": [{"Hash", "Name", "Tsize"}]}}.
 *
 * <p>Stateless and thread-safe.
 */
final class DagJson {
  private DagJson() {}

  /** The data model of a block, ready for Jackson. */
  static Object of(Cid cid, byte[] block) {
    if (cid.codec() == Multicodec.RAW.code()) {
      return bytes(block);
    }
    if (cid.codec() == Multicodec.DAG_PB.code()) {
      PbNode node = PbNode.decode(block);
      Map<String, Object> out = new TreeMap<>();
      if (node.data() != null) {
        out.put("Data", bytes(node.data()));
      }
      List<Object> links = new ArrayList<>();
      for (PbLink link : node.links()) {
        Map<String, Object> l = new TreeMap<>();
        l.put("Hash", link(link.cid()));
        if (link.name() != null) {
          l.put("Name", link.name());
        }
        if (link.tsize() != null) {
          l.put("Tsize", link.tsize());
        }
        links.add(l);
      }
      out.put("Links", links);
      return out;
    }
    if (cid.codec() == Multicodec.DAG_CBOR.code()) {
      return value(DagCbor.decode(block));
    }
    throw KuboError.normal("unsupported codec of " + cid + ": cannot decode it");
  }

  private static Object value(Object v) {
    return switch (v) {
      case null -> null;
      case Cid cid -> link(cid);
      case byte[] b -> bytes(b);
      case Map<?, ?> map -> {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
        yield out;
      }
      case List<?> list -> list.stream().map(DagJson::value).toList();
      default -> v;
    };
  }

  private static Map<String, Object> link(Cid cid) {
    return Map.of("/", cid.toString());
  }

  private static Map<String, Object> bytes(byte[] data) {
    return Map.of("/", Map.of("bytes", Base64.getEncoder().withoutPadding().encodeToString(data)));
  }
}
