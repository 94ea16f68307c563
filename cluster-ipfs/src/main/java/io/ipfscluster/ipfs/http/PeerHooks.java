package io.ipfscluster.ipfs.http;

import io.ipfscluster.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the connector needs from the rest of its peer: a name to start its log lines with, a way to
 * make the informers send their metrics (every {@code informer_trigger_interval} operations), and
 * the IPFS addresses of the other peers' nodes (for the swarm connect {@code connect_swarms_delay}
 * after start).
 *
 * <p>Immutable and thread-safe if the functions are.
 *
 * @param logId the first token of every log line, normally the short peer ID
 * @param sendInformersMetrics asks the peer's informers to send their metrics now
 * @param clusterIpfsAddresses the IPFS addresses of the other cluster peers' nodes
 */
public record PeerHooks(
    String logId, Runnable sendInformersMetrics, Supplier<List<Multiaddr>> clusterIpfsAddresses) {

  private static final PeerHooks NONE = new PeerHooks("-", () -> {}, List::of);

  public PeerHooks {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(sendInformersMetrics, "sendInformersMetrics");
    Objects.requireNonNull(clusterIpfsAddresses, "clusterIpfsAddresses");
  }

  /** No peer: logs start with {@code -}, no metrics are sent, no swarm is connected. */
  public static PeerHooks none() {
    return NONE;
  }

  /** No peer, but log lines start with {@code logId}. */
  public static PeerHooks named(String logId) {
    return new PeerHooks(logId, () -> {}, List::of);
  }
}
