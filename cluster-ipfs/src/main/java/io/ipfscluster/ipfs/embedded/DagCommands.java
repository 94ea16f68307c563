package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.CarReader;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.ipfs.node.NodeException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code dag/get} (a block as dag-json) and {@code dag/import} (CAR files), with kubo's options and
 * answers.
 *
 * <p>{@code dag/import} is all or nothing for the blocks: a truncated CAR, a block that does not
 * match its CID, a codec this node cannot read or a block past StorageMax fails the request and
 * takes back what it wrote. Roots are then pinned as kubo does, each one only if its whole DAG is
 * present, a failure going into that root's {@code PinErrorMsg}.
 *
 * <p>Stateless and thread-safe.
 */
final class DagCommands {
  private DagCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("dag/get", DagCommands::get);
    commands.put("dag/import", DagCommands::importCar);
  }

  private static void get(Call call) throws Exception {
    String codec = call.option("output-codec", "dag-json");
    if (!codec.equals("dag-json") && !codec.equals("json")) {
      throw KuboError.normal(
          "unsupported output-codec \"" + codec + "\": this node writes dag-json");
    }
    IpfsNode node = call.node();
    Cid cid = PathResolver.resolve(node, call.arg(0, "ref"));
    Object value = DagJson.of(cid, node.getBlock(cid));
    byte[] json = Call.JSON.writeValueAsBytes(value);
    OutputStream out = call.raw("text/plain", -1);
    out.write(json);
  }

  private static void importCar(Call call) throws Exception {
    boolean pinRoots = call.bool("pin-roots", true);
    boolean stats = call.bool("stats", false);
    boolean allowBig = call.bool("allow-big-block", false);
    MultipartReader parts = call.multipart("path");
    IpfsNode node = call.node();
    Set<Cid> roots = new LinkedHashSet<>();
    long blocks = 0;
    long bytes = 0;
    Call.Ndjson out = call.stream();
    try (BlockImport im = node.beginImport()) {
      MultipartReader.Part part;
      while ((part = parts.next()) != null) {
        if (part.contentType().equals("application/x-directory")) {
          continue;
        }
        try (CarReader car = CarReader.open(part.body())) {
          roots.addAll(car.roots());
          Block block;
          while ((block = car.next()) != null) {
            check(block, allowBig);
            // CarReader has hashed the block and compared it with its CID already.
            im.putTrusted(block.cid().multihash(), block.data());
            blocks++;
            bytes += block.data().length;
          }
        }
      }
      im.commit();
      if (pinRoots) {
        for (Cid root : roots) {
          String error = "";
          try {
            node.pins().pinRecursiveLocal(root, "");
          } catch (NodeException | IllegalArgumentException e) {
            error = e.getMessage();
          }
          Map<String, Object> meta = new LinkedHashMap<>();
          meta.put("Cid", Map.of("/", root.toString()));
          meta.put("PinErrorMsg", error);
          out.emit(Map.of("Root", meta));
        }
      }
    }
    if (stats) {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("BlockCount", blocks);
      counts.put("BlockBytesCount", bytes);
      out.emit(Map.of("Stats", counts));
    }
    out.end();
  }

  private static void check(Block block, boolean allowBig) {
    long codec = block.cid().codec();
    Multicodec known = Multicodec.ofCode(codec).orElse(null);
    if (known != Multicodec.RAW && known != Multicodec.DAG_PB && known != Multicodec.DAG_CBOR) {
      throw KuboError.normal(
          "unsupported codec "
              + (known == null ? "0x" + Long.toHexString(codec) : known.specName())
              + " of block "
              + block.cid()
              + ": this node imports raw, dag-pb and dag-cbor blocks");
    }
    if (!allowBig && block.data().length > BlockCommands.SOFT_BLOCK_LIMIT) {
      throw KuboError.normal(
          "block "
              + block.cid()
              + " is over 1MiB: big blocks can't be exchanged with other peers, pass"
              + " --allow-big-block to override");
    }
    BlockCommands.check(known, block.data());
  }
}
