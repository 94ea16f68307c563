package io.ipfscluster.peer;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Real cluster peers in this JVM: each with its own configuration folder under a root, its own
 * RocksDB datastore and embedded IPFS node, the REST API, the peer network on loopback and
 * ephemeral ports. {@link #start} joins every peer to the first one, as {@code daemon --bootstrap}
 * does.
 *
 * <p>Not thread-safe: one test drives it. {@link #close} stops every peer still running.
 */
final class PeerHarness implements AutoCloseable {
  /**
   * Environment overrides for tests that watch metrics: pings every second (valid 2 s), checked
   * every 500 ms, informers valid 2 s, so that a stopped peer raises alerts within seconds.
   */
  static final Map<String, String> SHORT_METRICS =
      Map.of(
          "CLUSTER_MONITORPINGINTERVAL", "1s",
          "CLUSTER_PUBSUBMON_CHECKINTERVAL", "500ms",
          "CLUSTER_DISK_METRICTTL", "2s",
          "CLUSTER_PINQUEUE_METRICTTL", "2s",
          "CLUSTER_TAGS_METRICTTL", "2s");

  private final Path root;
  private final UnaryOperator<ServiceConfig> tuning;
  private final List<ClusterPeer> peers = new ArrayList<>();

  /** {@link #SHORT_METRICS} with {@code more} added. */
  static Map<String, String> shortMetrics(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(SHORT_METRICS);
    env.putAll(more);
    return env;
  }

  private PeerHarness(Path root, UnaryOperator<ServiceConfig> tuning) {
    this.root = root;
    this.tuning = tuning;
  }

  /**
   * Starts {@code n} peers sharing {@code secret} (64 hex characters, or empty), 1..n-1 joined to
   * 0.
   */
  static PeerHarness start(Path root, int n, String secret) throws IOException {
    return start(root, n, secret, UnaryOperator.identity());
  }

  /**
   * Starts {@code n} peers as {@link #start(Path, int, String)} does, each with the default CRDT
   * configuration changed by {@code tuning} (shorter intervals and TTLs for tests, for example).
   * Peers started later with {@link #startPeer} get the same tuning.
   */
  static PeerHarness start(Path root, int n, String secret, UnaryOperator<ServiceConfig> tuning)
      throws IOException {
    PeerHarness h = new PeerHarness(root, tuning);
    try {
      for (int i = 0; i < n; i++) {
        h.startPeer(secret);
      }
      for (int i = 1; i < n; i++) {
        h.join(i, 0);
      }
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
    return h;
  }

  /** Starts one more peer with {@code secret} in a new folder; returns its index. */
  int startPeer(String secret) throws IOException {
    int index = peers.size();
    Path dir = root.resolve("peer-" + index);
    Files.createDirectories(dir);
    tuning.apply(ServiceConfig.defaults("crdt")).write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    peers.add(run(index, secret));
    return index;
  }

  /**
   * Starts again the peer {@code index} from its folder, with {@code secret}; its peerstore file
   * tells it where the others are.
   */
  void restart(int index, String secret) throws IOException {
    peers.get(index).close();
    peers.set(index, run(index, secret));
  }

  /** Runs the peer of folder {@code peer-<index>} on loopback with free ports. */
  private ClusterPeer run(int index, String secret) throws IOException {
    return ClusterPeer.start(
        folder(index),
        Map.of(
            "CLUSTER_PEERNAME",
            "peer-" + index,
            "CLUSTER_SECRET",
            secret,
            "CLUSTER_LISTENMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/0",
            "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/0",
            "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
            "/ip4/127.0.0.1/tcp/" + freePort()));
  }

  /** Joins peer {@code index} to the cluster through peer {@code through}; returns peers joined. */
  int join(int index, int through) {
    return peer(index).join(List.of(peer(through).peerAddresses().getFirst()), true);
  }

  /**
   * Adds {@code data} as one file to the IPFS node of peer {@code index} only ({@code /add} with
   * {@code local=true&no-pin=true}): nothing is pinned, the other nodes do not have it.
   */
  Cid addToNode(int index, byte[] data) throws IOException {
    return addToNode(peer(index), data);
  }

  /** As {@link #addToNode(int, byte[])}, on the node of {@code peer}. */
  static Cid addToNode(ClusterPeer peer, byte[] data) throws IOException {
    Iterator<ImportEntry> entries =
        List.<ImportEntry>of(new ImportEntry.File("f.bin", new ByteArrayInputStream(data)))
            .iterator();
    return peer.cluster()
        .adding()
        .add(
            AddParams.fromQuery(QueryString.parse("local=true&no-pin=true")),
            () -> entries.hasNext() ? entries.next() : null,
            out -> {});
  }

  ClusterPeer peer(int index) {
    return peers.get(index);
  }

  PeerId id(int index) {
    return peers.get(index).id();
  }

  Path folder(int index) {
    return root.resolve("peer-" + index);
  }

  int size() {
    return peers.size();
  }

  /** Stops peer {@code index} (its folder stays). */
  void stop(int index) {
    peers.get(index).close();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (ClusterPeer p : peers) {
      p.close();
    }
  }
}
