package io.ipfscluster.net;

import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Finds the address of a peer this peer needs but does not know, at once, instead of failing until
 * the next round of address exchanges: it exchanges addresses with the peers it knows, those it
 * talked to first, and with the peers it learns of on the way, until one of them names the peer
 * sought or {@link #MAX_ASKED} peers were asked. A peer that joined through another reaches, in a
 * few steps, one that talked to the newcomer, however long the chain of joins.
 *
 * <p>Bounded: one lookup at a time per peer sought (concurrent callers wait for it), at most {@link
 * #MAX_LOOKUPS} peers sought at once (others fail at once), and a peer not found is not sought
 * again for {@link #RETRY_AFTER}, so a call to a peer that left does not start a round of exchanges
 * each time.
 *
 * <p>Thread-safe.
 */
final class AddressLookup {
  /** Peers asked at most in one lookup. */
  static final int MAX_ASKED = 8;

  /** Peers sought at once at most. */
  static final int MAX_LOOKUPS = 16;

  /** How long a peer not found is not sought again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** Exchanges addresses with one peer; false if it could not be reached. */
  interface Exchange {
    boolean exchange(PeerId peer);
  }

  private final Predicate<PeerId> known;
  private final Supplier<List<PeerId>> candidates;
  private final Exchange exchange;
  private final LongSupplier nanos;
  private final Map<PeerId, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();
  private final Map<PeerId, Long> missed = new ConcurrentHashMap<>();
  private final Semaphore slots = new Semaphore(MAX_LOOKUPS);

  /**
   * @param known whether an address of a peer is known
   * @param candidates the peers to ask, best first (asked again after each exchange, so that peers
   *     learnt on the way are asked too)
   * @param exchange exchanges addresses with one peer
   * @param nanos a monotonic clock in nanoseconds
   */
  AddressLookup(
      Predicate<PeerId> known,
      Supplier<List<PeerId>> candidates,
      Exchange exchange,
      LongSupplier nanos) {
    this.known = known;
    this.candidates = candidates;
    this.exchange = exchange;
    this.nanos = nanos;
  }

  /** Whether an address of {@code peer} is known, after looking for one if none was. */
  boolean find(PeerId peer) {
    if (known.test(peer)) {
      return true;
    }
    Long miss = missed.get(peer);
    if (miss != null) {
      if (nanos.getAsLong() - miss < RETRY_AFTER.toNanos()) {
        return false;
      }
      missed.remove(peer, miss);
    }
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> other = running.putIfAbsent(peer, mine);
    if (other != null) {
      return other.join();
    }
    boolean found = false;
    try {
      if (slots.tryAcquire()) {
        try {
          found = search(peer);
        } finally {
          slots.release();
        }
      }
      if (!found) {
        missed.put(peer, nanos.getAsLong());
        if (missed.size() > MAX_LOOKUPS * 64) {
          missed.clear(); // a bound, not a policy: forgetting misses only allows new lookups
        }
      }
      return found;
    } finally {
      running.remove(peer, mine);
      mine.complete(found);
    }
  }

  private boolean search(PeerId peer) {
    Set<PeerId> asked = new HashSet<>();
    while (asked.size() < MAX_ASKED) {
      Optional<PeerId> next =
          candidates.get().stream().filter(p -> !p.equals(peer) && !asked.contains(p)).findFirst();
      if (next.isEmpty()) {
        return false;
      }
      asked.add(next.get());
      exchange.exchange(next.get());
      if (known.test(peer)) {
        return true;
      }
    }
    return false;
  }
}
