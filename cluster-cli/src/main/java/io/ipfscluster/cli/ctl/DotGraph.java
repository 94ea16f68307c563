package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connectivity graph as a Graphviz dot file, byte for byte as the original's {@code health
 * graph} writes it (go-dot): cluster peers {@code C<n>} (the contacted one with a double border,
 * trusted ones {@code T<n>}), IPFS nodes {@code I<n>} (a red "Errored" node for a peer whose IPFS
 * node is unknown), then the edges among cluster peers, from each peer to its IPFS node and among
 * IPFS nodes. The text ends with {@code }} and no newline.
 *
 * <p>Not thread-safe: one graph per instance.
 */
final class DotGraph {
  private final ConnectGraph graph;
  private final TreeMap<String, List<String>> ipfsEdges = new TreeMap<>();
  private final TreeMap<String, List<String>> clusterEdges = new TreeMap<>();
  private final Map<String, String> clusterToIpfs = new HashMap<>();
  private final Map<String, String> clusterNodes = new HashMap<>();
  private final Map<String, String> ipfsNodes = new HashMap<>();
  private final StringBuilder out = new StringBuilder();

  private DotGraph(ConnectGraph graph, boolean allIpfs) {
    this.graph = graph;
    Map<String, List<String>> ipfsLinks = new HashMap<>();
    graph.ipfsLinks().forEach((k, v) -> ipfsLinks.put(k.toString(), strings(v)));
    for (Map.Entry<String, List<String>> e : ipfsLinks.entrySet()) {
      List<String> kept = new ArrayList<>();
      for (String id : e.getValue()) {
        if (allIpfs || ipfsLinks.containsKey(id)) {
          kept.add(id);
        }
        if (allIpfs) {
          ipfsEdges.putIfAbsent(id, new ArrayList<>());
        }
      }
      ipfsEdges.put(e.getKey(), kept);
    }
    graph.clusterLinks().forEach((k, v) -> clusterEdges.put(k.toString(), strings(v)));
    graph.clusterToIpfs().forEach((k, v) -> clusterToIpfs.put(k.toString(), v.toString()));
  }

  /** The dot text of {@code graph}; {@code allIpfs} adds IPFS peers outside the cluster. */
  static String of(ConnectGraph graph, boolean allIpfs) {
    return new DotGraph(graph, allIpfs).write();
  }

  private String write() {
    String self = graph.clusterId() == null ? "" : graph.clusterId().toString();
    out.append("digraph cluster {\n");
    line("/* The nodes of the connectivity graph */");
    line("/* The cluster-service peers */");
    out.append("subgraph  {\nrank=\"min\"\n");
    for (String k : clusterEdges.keySet()) {
      String name = peername(k);
      if (k.equals(self)) {
        vertex(clusterNodes, k, "C", label(name, shorten(k)), "orange", "box3d", 2);
      } else if (Boolean.TRUE.equals(trusted(k))) {
        vertex(clusterNodes, k, "T", label(name, shorten(k)), "orange", "box3d", 0);
      } else {
        vertex(clusterNodes, k, "C", label(name, shorten(k)), "darkorange3", "box3d", 0);
      }
    }
    line("}");
    line("");
    line("/* The ipfs peers */");
    out.append("subgraph  {\nrank=\"max\"\n");
    for (String k : ipfsEdges.keySet()) {
      vertex(ipfsNodes, k, "I", label("IPFS", shorten(k)), "turquoise3", "cylinder", 0);
    }
    for (String k : clusterEdges.keySet()) {
      if (!clusterToIpfs.containsKey(k)) {
        vertex(ipfsNodes, k, "I", label("IPFS", "Errored"), "firebrick1", "cylinder", 0);
      }
    }
    line("}");
    line("");
    line("/* Edges representing active connections in the cluster */");
    line("/* The connections among cluster-service peers */");
    for (Map.Entry<String, List<String>> e : clusterEdges.entrySet()) {
      for (String id : e.getValue()) {
        edge(clusterNodes.get(e.getKey()), clusterNodes.get(id), "");
      }
    }
    line("");
    line("/* The connections between cluster peers and their ipfs daemons */");
    for (String k : clusterEdges.keySet()) {
      String ipfs = clusterToIpfs.get(k);
      if (ipfs == null) {
        edge(clusterNodes.get(k), ipfsNodes.get(k), "dotted");
      } else {
        edge(clusterNodes.get(k), ipfsNodes.get(ipfs), "");
      }
    }
    line("");
    line("/* The swarm peer connections among ipfs daemons in the cluster */");
    for (Map.Entry<String, List<String>> e : ipfsEdges.entrySet()) {
      for (String id : e.getValue()) {
        edge(ipfsNodes.get(e.getKey()), ipfsNodes.get(id), "");
      }
    }
    out.append('}');
    return out.toString();
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  private void vertex(
      Map<String, String> nodes,
      String id,
      String prefix,
      String label,
      String color,
      String shape,
      int peripheries) {
    String nodeId = prefix + nodes.size();
    nodes.put(id, nodeId);
    out.append(nodeId).append(" [");
    out.append("label=").append(label).append(' ');
    attr("group", id);
    attr("color", color);
    attr("style", "filled");
    attr("colorscheme", "x11");
    attr("fontcolor", "black");
    attr("fontname", "Arial");
    attr("shape", shape);
    if (peripheries != 0) {
      attr("peripheries", Integer.toString(peripheries));
    }
    out.append("]\n");
  }

  private void attr(String name, String value) {
    if (!value.isEmpty()) {
      out.append(name).append("=\"").append(value).append("\" ");
    }
  }

  /** An edge; skipped when a node is unknown (the original logs an error, or fails). */
  private void edge(String from, String to, String style) {
    if (from == null || to == null) {
      return;
    }
    out.append(from).append(" -> ").append(to);
    if (!style.isEmpty()) {
      out.append(" [ style=\"").append(style).append("\" ]");
    }
    out.append('\n');
  }

  private String peername(String id) {
    for (Map.Entry<PeerId, String> e : graph.idToPeername().entrySet()) {
      if (e.getKey().toString().equals(id)) {
        return e.getValue();
      }
    }
    return "";
  }

  private Boolean trusted(String id) {
    for (Map.Entry<PeerId, Boolean> e : graph.clusterTrustLinks().entrySet()) {
      if (e.getKey().toString().equals(id)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String shorten(String id) {
    return id.length() < 8 ? id : id.substring(0, 2) + "*" + id.substring(id.length() - 6);
  }

  private static String label(String peername, String id) {
    return "< <B> " + peername + " </B> <BR/> <B> " + id + " </B> >";
  }

  private static List<String> strings(List<PeerId> ids) {
    List<String> out = new ArrayList<>(ids.size());
    for (PeerId p : ids) {
      out.add(p.toString());
    }
    return out;
  }
}
