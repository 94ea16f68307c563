package io.ipfscluster.net.gossip;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IDs of messages already handled, each remembered for a TTL from when it was first seen, so a
 * message reaching a peer by several paths is delivered and forwarded once. Not thread-safe: the
 * router guards it.
 */
final class SeenCache {
  private final Duration ttl;
  private final InstantSource clock;
  // Insertion order is expiry order, since every entry lives for the same TTL.
  private final LinkedHashMap<MessageId, Instant> expiries = new LinkedHashMap<>();

  SeenCache(Duration ttl, InstantSource clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  boolean contains(MessageId id) {
    Instant expiry = expiries.get(id);
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** Remembers {@code id}; false if it was already remembered (and not expired). */
  boolean add(MessageId id) {
    if (contains(id)) {
      return false;
    }
    expiries.remove(id);
    expiries.put(id, clock.instant().plus(ttl));
    return true;
  }

  /** Forgets the IDs whose TTL has passed. */
  void expire() {
    Instant now = clock.instant();
    Iterator<Map.Entry<MessageId, Instant>> it = expiries.entrySet().iterator();
    while (it.hasNext() && !now.isBefore(it.next().getValue())) {
      it.remove();
    }
  }

  int size() {
    return expiries.size();
  }
}
