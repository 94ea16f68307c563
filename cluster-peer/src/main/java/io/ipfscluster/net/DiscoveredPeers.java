package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The peers heard of on the local network that the peer network is trying to join: the addresses
 * each was heard at while the attempt lasts (the dialler tries them first), the attempts under way
 * (at most {@value #DIALS}), and the peers that failed, left alone for {@link #RETRY}, so that the
 * peers of another cluster on the same network are not dialled at every announcement.
 *
 * <p>Thread-safe: every method synchronizes on the instance; attempts run on virtual threads.
 */
final class DiscoveredPeers {
  /** How many peers heard of on the local network are dialled at once; others wait a round. */
  static final int DIALS = 4;

  /** How long a peer heard of on the local network that could not be joined is left alone. */
  static final Duration RETRY = Duration.ofMinutes(1);

  private record Attempt(List<Multiaddr> addresses, CompletableFuture<Boolean> joined) {}

  private final String logId;
  private final InstantSource clock;
  private final Map<PeerId, Attempt> underway = new HashMap<>();
  private final Map<PeerId, Instant> failures = new HashMap<>();

  DiscoveredPeers(String logId, InstantSource clock) {
    this.logId = logId;
    this.clock = clock;
  }

  /** The addresses {@code peer} was heard at, while an attempt to join it lasts; else none. */
  synchronized List<Multiaddr> addresses(PeerId peer) {
    Attempt a = underway.get(peer);
    return a == null ? List.of() : a.addresses;
  }

  /**
   * Runs {@code join} (true when the peer answered) for {@code peer}, heard at {@code addresses},
   * in the background, unless an attempt is under way (its result is returned), {@value #DIALS}
   * are, or the peer failed within {@link #RETRY} (false at once).
   */
  synchronized CompletableFuture<Boolean> join(
      PeerId peer, List<Multiaddr> addresses, Predicate<PeerId> join) {
    Attempt current = underway.get(peer);
    if (current != null) {
      return current.joined;
    }
    Instant now = clock.instant();
    failures.values().removeIf(t -> !now.isBefore(t.plus(RETRY)));
    if (failures.containsKey(peer) || underway.size() >= DIALS) {
      return CompletableFuture.completedFuture(false);
    }
    Attempt attempt = new Attempt(List.copyOf(addresses), new CompletableFuture<>());
    underway.put(peer, attempt);
    Thread.ofVirtual()
        .name(logId + "-discovered")
        .start(
            () -> {
              boolean answered = false;
              try {
                answered = join.test(peer);
              } finally {
                ended(peer, answered);
                attempt.joined.complete(answered);
              }
            });
    return attempt.joined;
  }

  private synchronized void ended(PeerId peer, boolean answered) {
    underway.remove(peer);
    if (answered) {
      failures.remove(peer);
    } else if (failures.size() < Peerstore.MAX_PEERS) {
      failures.put(peer, clock.instant());
    }
  }
}
