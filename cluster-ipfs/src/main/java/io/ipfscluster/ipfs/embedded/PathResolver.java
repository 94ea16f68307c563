package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.ipld.UnixfsType;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the path arguments kubo accepts into CIDs: {@code <cid>}, {@code /ipfs/<cid>}, {@code
 * /ipld/<cid>}, each optionally followed by {@code /name/…}, followed through UnixFS directories
 * (HAMT-sharded ones included), dag-pb link names and dag-cbor map keys. Blocks on the way are
 * fetched like any other ({@link IpfsNode#getBlock}).
 *
 * <p>Stateless and thread-safe.
 */
final class PathResolver {
  private PathResolver() {}

  /** The CID a path names, resolving any segments after the root. */
  static Cid resolve(IpfsNode node, String path) throws InterruptedException {
    List<String> segments = new ArrayList<>();
    Cid cid = root(path, segments);
    for (String segment : segments) {
      cid = child(node, cid, segment);
    }
    return cid;
  }

  /** The root CID of a path, without resolving anything; its segments go to {@code rest}. */
  static Cid root(String path, List<String> rest) {
    String text = path;
    if (text.startsWith("/ipfs/") || text.startsWith("/ipld/")) {
      text = text.substring(6);
    } else if (text.startsWith("/ipns/")) {
      throw KuboError.normal(
          "invalid path \"" + path + "\": this node does not resolve IPNS names (it is offline)");
    } else if (text.startsWith("/")) {
      throw KuboError.normal(
          "invalid path \"" + path + "\": not an /ipfs/ or /ipld/ path, nor a CID");
    }
    String[] parts = text.split("/");
    Cid cid;
    try {
      cid = Cid.parse(parts[0]);
    } catch (MultiformatException e) {
      throw KuboError.normal("invalid path \"" + path + "\": " + e.getMessage());
    }
    for (int i = 1; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        rest.add(parts[i]);
      }
    }
    return cid;
  }

  /** A CID argument that must be a bare CID or {@code /ipfs/<cid>} (no path to resolve). */
  static Cid cidOf(String path) {
    List<String> rest = new ArrayList<>();
    Cid cid = root(path, rest);
    if (!rest.isEmpty()) {
      throw KuboError.normal("invalid path \"" + path + "\": expected a CID without a path");
    }
    return cid;
  }

  private static Cid child(IpfsNode node, Cid parent, String name) throws InterruptedException {
    byte[] block = node.getBlock(parent);
    if (parent.codec() == Multicodec.DAG_PB.code()) {
      PbNode pb = PbNode.decode(block);
      UnixfsData data = unixfs(pb);
      if (data != null && data.type() == UnixfsType.HAMT_SHARD) {
        Cid found = inShard(node, pb, data, name);
        if (found != null) {
          return found;
        }
      } else {
        for (PbLink link : pb.links()) {
          if (name.equals(link.name())) {
            return link.cid();
          }
        }
      }
      throw KuboError.normal("no link named \"" + name + "\" under " + parent);
    }
    if (parent.codec() == Multicodec.DAG_CBOR.code()) {
      Object value = DagCbor.decode(block);
      if (value instanceof Map<?, ?> map && map.get(name) instanceof Cid next) {
        return next;
      }
      throw KuboError.normal(
          "no link named \""
              + name
              + "\" under "
              + parent
              + " (only links between blocks resolve)");
    }
    throw KuboError.normal(
        "cannot resolve \"" + name + "\" under " + parent + ": its codec has no named links");
  }

  /** Looks {@code name} up in a HAMT shard by scanning its entries (and sub-shards). */
  private static Cid inShard(IpfsNode node, PbNode shard, UnixfsData data, String name)
      throws InterruptedException {
    int prefix =
        Long.toHexString(Math.max(1, data.fanout() == null ? 256 : data.fanout()) - 1).length();
    for (PbLink link : shard.links()) {
      String linkName = link.name() == null ? "" : link.name();
      if (linkName.length() > prefix) {
        if (linkName.substring(prefix).equals(name)) {
          return link.cid();
        }
      } else {
        PbNode sub = PbNode.decode(node.getBlock(link.cid()));
        UnixfsData subData = unixfs(sub);
        if (subData != null && subData.type() == UnixfsType.HAMT_SHARD) {
          Cid found = inShard(node, sub, subData, name);
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }

  /** The UnixFS message of a dag-pb node, or null when its data is not one. */
  static UnixfsData unixfs(PbNode node) {
    if (node.data() == null) {
      return null;
    }
    try {
      return UnixfsData.decode(node.data());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
