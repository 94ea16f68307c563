package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.MultiformatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code id}, {@code version}, {@code swarm/peers}, {@code swarm/connect}, {@code
 * swarm/addrs/local}, {@code config/show} and {@code config}: who the node is and how it is set up.
 * The node does not join the IPFS network, so it answers the swarm commands as an isolated node
 * would: no peers, and every connection attempt fails, naming why.
 *
 * <p>Stateless and thread-safe.
 */
final class InfoCommands {
  /** What {@code version} reports: the kubo RPC level this node implements. */
  static final String VERSION = "0.1.0";

  static final String AGENT = "ipfs-cluster-jvm/" + VERSION + "/embedded";

  private InfoCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("id", InfoCommands::id);
    commands.put("version", InfoCommands::version);
    commands.put("swarm/peers", call -> call.single(Map.of("Peers", List.of())));
    commands.put("swarm/addrs/local", call -> call.single(Map.of("Strings", List.of())));
    commands.put("swarm/connect", InfoCommands::swarmConnect);
    commands.put("config/show", call -> call.single(config(call.node())));
    commands.put("config", InfoCommands::configGet);
  }

  private static void id(Call call) throws Exception {
    IpfsNode node = call.node();
    if (!call.args().isEmpty()
        && !call.args().getFirst().equals(node.identity().peerId().toString())) {
      throw KuboError.normal(
          "cannot find peer "
              + call.args().getFirst()
              + ": this node does not join the IPFS network");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ID", node.identity().peerId().toString());
    out.put("PublicKey", node.identity().publicKeyBase64());
    out.put("Addresses", List.of());
    out.put("AgentVersion", AGENT);
    out.put("Protocols", List.of());
    call.single(out);
  }

  private static void version(Call call) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Version", VERSION);
    out.put("Commit", "");
    out.put("Repo", "16");
    out.put(
        "System",
        System.getProperty("os.arch", "")
            + "/"
            + System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
    out.put("Golang", "java" + Runtime.version().feature());
    call.single(out);
  }

  private static void swarmConnect(Call call) throws Exception {
    String address = call.arg(0, "address");
    try {
      Multiaddr.parse(address);
    } catch (MultiformatException e) {
      throw KuboError.normal("invalid peer address: " + e.getMessage());
    }
    throw KuboError.normal(
        "connect "
            + address
            + " failure: this embedded IPFS node does not join the IPFS network (point the"
            + " cluster at a kubo node for that)");
  }

  private static void configGet(Call call) throws Exception {
    String key = call.arg(0, "key");
    Object value = config(call.node());
    for (String part : key.split("\\.")) {
      if (value instanceof Map<?, ?> map && map.containsKey(part)) {
        value = map.get(part);
      } else {
        throw KuboError.normal("failed to get config value: key has no attribute " + part);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Key", key);
    out.put("Value", value);
    call.single(out);
  }

  /** The node's configuration in kubo's shape: the parts that apply to this node. */
  static Map<String, Object> config(IpfsNode node) {
    EmbeddedNodeConfig config = node.config();
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("PeerID", node.identity().peerId().toString());
    Map<String, Object> addresses = new LinkedHashMap<>();
    List<String> api = config.apiAddresses().stream().map(Multiaddr::toString).toList();
    // kubo writes a single address as a string, several as a list.
    addresses.put("API", api.size() == 1 ? api.getFirst() : api);
    addresses.put("Gateway", List.of());
    addresses.put("Swarm", List.of());
    addresses.put("Announce", List.of());
    addresses.put("NoAnnounce", List.of());
    Map<String, Object> datastore = new LinkedHashMap<>();
    datastore.put("StorageMax", humanBytes(config.storageMax()));
    datastore.put("StorageGCWatermark", 90);
    datastore.put("GCPeriod", "1h");
    datastore.put("BloomFilterSize", 0);
    datastore.put("HashOnRead", false);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Identity", identity);
    out.put("Datastore", datastore);
    out.put("Addresses", addresses);
    out.put("Bootstrap", List.of());
    return out;
  }

  /**
   * A byte count as kubo writes {@code StorageMax} ({@code "10GB"}): the largest decimal or binary
   * unit that divides it exactly, else plain bytes. go-humanize's {@code ParseBytes} reads all of
   * them back exactly.
   */
  static String humanBytes(long bytes) {
    String[][] units = {
      {"1000000000000", "TB"}, {"1099511627776", "TiB"},
      {"1000000000", "GB"}, {"1073741824", "GiB"},
      {"1000000", "MB"}, {"1048576", "MiB"},
      {"1000", "kB"}, {"1024", "KiB"}
    };
    for (String[] unit : units) {
      long size = Long.parseLong(unit[0]);
      if (bytes >= size && bytes % size == 0) {
        return (bytes / size) + unit[1];
      }
    }
    return bytes + "B";
  }
}
