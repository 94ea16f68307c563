package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.PeerId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which cluster peer runs a given IPFS node, as the peers' latest {@code ping} metrics say (their
 * {@code ipfs_id}): lets a pin's origins, which name IPFS nodes, be matched to the cluster peers
 * whose nodes can serve the blocks. Each ping value is parsed once and kept until it changes; an
 * IPFS node no valid ping names has no owner.
 *
 * <p>Thread-safe; holds one entry per cluster peer whose ping it has seen.
 */
public final class IpfsNodeOwners implements Function<PeerId, Optional<PeerId>> {
  private static final String PING = "ping";

  private final Supplier<? extends PeerMetrics> metrics;
  private final Map<PeerId, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(String value, PeerId ipfsId) {}

  /**
   * @param metrics the peers' metrics, or null while they are not known yet (then no node has an
   *     owner)
   */
  public IpfsNodeOwners(Supplier<? extends PeerMetrics> metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The cluster peer whose latest ping names {@code ipfsNode} as its IPFS node, if any. */
  @Override
  public Optional<PeerId> apply(PeerId ipfsNode) {
    PeerMetrics known = metrics.get();
    if (known == null) {
      return Optional.empty();
    }
    for (Metric ping : known.latest(PING)) {
      if (ipfsNode.equals(ipfsIdOf(ping))) {
        return Optional.of(ping.peer());
      }
    }
    return Optional.empty();
  }

  private PeerId ipfsIdOf(Metric ping) {
    Parsed known = parsed.get(ping.peer());
    if (known != null && known.value().equals(ping.value())) {
      return known.ipfsId();
    }
    PeerId id =
        PeerIdentities.parsePing(ping.value()).map(PeerIdentities.Identity::ipfsId).orElse(null);
    parsed.put(ping.peer(), new Parsed(ping.value(), id));
    return id;
  }
}
