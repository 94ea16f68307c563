package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code refs} (the links of a DAG, in kubo's depth-first order, with {@code recursive}, {@code
 * unique}, {@code max-depth}, {@code edges} and {@code format}) and {@code refs/local} (every
 * stored block). Lines are kubo's {@code {"Ref": …, "Err": ""}}.
 *
 * <p>Stateless and thread-safe.
 */
final class RefsCommands {
  private RefsCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("refs", RefsCommands::refs);
    commands.put("refs/local", RefsCommands::local);
  }

  private record Link(Cid cid, String name) {}

  private static void refs(Call call) throws Exception {
    if (call.args().isEmpty()) {
      throw KuboError.missingArgument("ipfs-path");
    }
    boolean recursive = call.bool("recursive", false);
    boolean unique = call.bool("unique", false);
    boolean edges = call.bool("edges", false);
    String format = call.option("format", "<dst>");
    if (edges) {
      if (!format.equals("<dst>")) {
        throw KuboError.normal("using format argument with edges is not allowed");
      }
      format = "<src> -> <dst>";
    }
    long maxDepth = recursive ? call.integer("max-depth", -1) : 1;
    IpfsNode node = call.node();
    List<Cid> roots = new ArrayList<>();
    for (String path : call.args()) {
      roots.add(PathResolver.resolve(node, path));
    }
    Call.Ndjson out = call.stream();
    Set<Cid> seen = new HashSet<>();
    for (Cid root : roots) {
      walk(node, root, 1, maxDepth, unique, seen, format, out);
    }
    out.end();
  }

  private static void walk(
      IpfsNode node,
      Cid parent,
      int depth,
      long maxDepth,
      boolean unique,
      Set<Cid> seen,
      String format,
      Call.Ndjson out)
      throws IOException, InterruptedException {
    if (maxDepth >= 0 && depth > maxDepth) {
      return;
    }
    for (Link link : links(node, parent)) {
      if (unique && !seen.add(link.cid())) {
        continue;
      }
      String ref =
          format
              .replace("<src>", parent.toString())
              .replace("<dst>", link.cid().toString())
              .replace("<linkname>", link.name());
      out.emit(line(ref));
      walk(node, link.cid(), depth + 1, maxDepth, unique, seen, format, out);
    }
  }

  private static List<Link> links(IpfsNode node, Cid cid) throws InterruptedException {
    if (cid.codec() == Multicodec.RAW.code()) {
      return List.of();
    }
    byte[] block = node.getBlock(cid);
    List<Link> links = new ArrayList<>();
    if (cid.codec() == Multicodec.DAG_PB.code()) {
      for (PbLink link : PbNode.decode(block).links()) {
        links.add(new Link(link.cid(), link.name() == null ? "" : link.name()));
      }
      return links;
    }
    if (cid.codec() == Multicodec.DAG_CBOR.code()) {
      collect(DagCbor.decode(block), "", links);
      return links;
    }
    throw KuboError.normal("unsupported codec of " + cid + ": cannot list its links");
  }

  private static void collect(Object value, String path, List<Link> out) {
    switch (value) {
      case Cid cid -> out.add(new Link(cid, path));
      case Map<?, ?> map ->
          map.forEach(
              (k, v) -> collect(v, path.isEmpty() ? String.valueOf(k) : path + "/" + k, out));
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          collect(list.get(i), path.isEmpty() ? Integer.toString(i) : path + "/" + i, out);
        }
      }
      case null, default -> {}
    }
  }

  private static void local(Call call) throws Exception {
    Call.Ndjson out = call.stream();
    try (Stream<Multihash> keys = call.node().blockstore().keys()) {
      for (Multihash key : (Iterable<Multihash>) keys::iterator) {
        out.emit(line(Cid.v1(Multicodec.RAW, key).toString()));
      }
    }
    out.end();
  }

  private static Map<String, Object> line(String ref) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Ref", ref);
    out.put("Err", "");
    return out;
  }
}
