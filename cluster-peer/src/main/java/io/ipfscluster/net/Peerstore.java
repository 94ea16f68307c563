package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The addresses of the other cluster peers this peer knows, each with a priority and an expiry
 * (spec §1.2): {@code cluster.peer_addresses} come first and never expire, the {@code peerstore}
 * file's lines follow in file order and live an hour unless seen again, and addresses learned from
 * other peers come last. Lower priority numbers are tried first; among equal priorities, the
 * address recorded last comes first, so a peer that moved is dialled where it is now.
 *
 * <p>A peer keeps at most {@link #MAX_ADDRESSES_PER_PEER} addresses (the best ones), and learned
 * addresses of new peers are dropped beyond {@link #MAX_PEERS} peers, so a peer announcing many
 * cannot grow the store without bound. Addresses are kept without their {@code /p2p/} part.
 *
 * <p>Thread-safe: every method synchronizes on the store.
 */
public final class Peerstore {
  /** How long an address read from the peerstore file or learned from a peer lives. */
  public static final Duration ADDRESS_TTL = Duration.ofHours(1);

  /** The priority of {@code cluster.peer_addresses} and of addresses given to join. */
  public static final int CONFIGURED = 0;

  /** The priority of addresses learned from other peers, after any file line. */
  public static final int LEARNED = 1_000_000;

  static final int MAX_ADDRESSES_PER_PEER = 16;

  /** Beyond this many peers, learned addresses of new peers are dropped. */
  static final int MAX_PEERS = 10_000;

  private record Entry(Multiaddr address, int priority, Instant expires) {}

  private final PeerId self;
  private final InstantSource clock;
  private final Map<PeerId, List<Entry>> peers = new LinkedHashMap<>();

  public Peerstore(PeerId self, InstantSource clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code address} (which names its peer with {@code /p2p/}) at {@code priority}, living
   * {@code ttl} from now or forever when {@code ttl} is empty, ahead of the addresses of the same
   * priority. An address already known keeps the better priority and the later expiry. This peer's
   * own addresses are ignored.
   *
   * @throws IllegalArgumentException when the address names no peer
   */
  public synchronized void add(Multiaddr address, int priority, Optional<Duration> ttl) {
    PeerId peer =
        address
            .peerId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "multiaddress does not contain peer ID: " + address));
    if (peer.equals(self)) {
      return;
    }
    if (priority >= LEARNED && !peers.containsKey(peer) && peers.size() >= MAX_PEERS) {
      return;
    }
    Instant expires = ttl.map(clock.instant()::plus).orElse(Instant.MAX);
    Multiaddr bare = address.withoutPeerId();
    List<Entry> entries = peers.computeIfAbsent(peer, p -> new ArrayList<>());
    int known = indexOf(entries, bare);
    if (known >= 0) {
      Entry old = entries.remove(known);
      priority = Math.min(old.priority, priority);
      expires = old.expires.isAfter(expires) ? old.expires : expires;
    }
    int at = 0;
    while (at < entries.size() && entries.get(at).priority < priority) {
      at++;
    }
    entries.add(at, new Entry(bare, priority, expires));
    while (entries.size() > MAX_ADDRESSES_PER_PEER) {
      entries.removeLast();
    }
  }

  private static int indexOf(List<Entry> entries, Multiaddr address) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).address.equals(address)) {
        return i;
      }
    }
    return -1;
  }

  /** The live addresses of {@code peer}, best first, without {@code /p2p/}. */
  public synchronized List<Multiaddr> addresses(PeerId peer) {
    List<Entry> entries = live(peer);
    return entries.stream().map(Entry::address).toList();
  }

  /** Whether some address of {@code peer} is live. */
  public synchronized boolean knows(PeerId peer) {
    return !live(peer).isEmpty();
  }

  /** The peers with a live address, those with the best priority first. */
  public synchronized List<PeerId> peers() {
    List<PeerId> out = new ArrayList<>();
    Map<PeerId, Integer> best = new HashMap<>();
    for (PeerId p : List.copyOf(peers.keySet())) {
      List<Entry> entries = live(p);
      if (!entries.isEmpty()) {
        out.add(p);
        best.put(p, entries.getFirst().priority);
      }
    }
    out.sort(Comparator.comparingInt(best::get));
    return out;
  }

  /** Forgets {@code peer} and its addresses. */
  public synchronized void remove(PeerId peer) {
    peers.remove(peer);
  }

  /**
   * Every live address with its {@code /p2p/} part, for the peerstore file: per peer, DNS addresses
   * before IP ones (they survive address changes), then by priority.
   */
  public synchronized List<Multiaddr> snapshot() {
    List<Multiaddr> out = new ArrayList<>();
    for (PeerId p : peers()) {
      live(p).stream()
          .map(Entry::address)
          .sorted(Comparator.comparing(a -> isDns(a) ? 0 : 1))
          .map(a -> a.withPeerId(p))
          .forEach(out::add);
    }
    return out;
  }

  private static boolean isDns(Multiaddr a) {
    return a.has(Protocol.DNS)
        || a.has(Protocol.DNS4)
        || a.has(Protocol.DNS6)
        || a.has(Protocol.DNSADDR);
  }

  /**
   * The unexpired entries of {@code peer}; drops the expired ones (and the peer, if none is left).
   */
  private List<Entry> live(PeerId peer) {
    List<Entry> entries = peers.get(peer);
    if (entries == null) {
      return List.of();
    }
    Instant now = clock.instant();
    entries.removeIf(e -> !e.expires.isAfter(now));
    if (entries.isEmpty()) {
      peers.remove(peer);
      return List.of();
    }
    return List.copyOf(entries);
  }
}
