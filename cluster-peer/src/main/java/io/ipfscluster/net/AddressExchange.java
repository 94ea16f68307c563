package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.RemotePeerstore;
import io.ipfscluster.net.rpc.RpcGossipTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer network's address exchange ({@code Peerstore.Exchange}), both ways: it tells a peer its
 * own addresses and those of the peers it talked to within {@link Peerstore#ADDRESS_TTL}, learns
 * what the peer tells it into the {@link Peerstore} (blocked peers' addresses left out), remembers
 * when it last talked to each peer, and opens a gossip link to every peer it exchanges with. Its
 * rounds ({@link #bootstrap}, {@link #refresh}) keep live peers' addresses fresh and let the others
 * expire; a caller not talked to before starts a round at once, so that the newcomer is heard of
 * without waiting.
 *
 * <p>Thread-safe. {@link #close} stops opening gossip links and starting rounds; it closes nothing
 * it was given.
 */
final class AddressExchange {
  private static final Logger log = LoggerFactory.getLogger("net");

  /** How many peers one round exchanges with. */
  static final int ROUND_PEERS = 3;

  private final PeerId self;
  private final String logId;
  private final List<Multiaddr> announced;
  private final InstantSource clock;
  private final Peerstore peerstore;
  private final PeerChannels channels;
  private final RpcGossipTransport gossipLinks;
  private final BlockList blocked;
  private final Duration callTimeout;
  private final int lowWater;
  private final Map<PeerId, Instant> lastContact = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param announced this peer's own addresses, with their {@code /p2p/} part
   * @param callTimeout deadline of an exchange this peer starts
   * @param lowWater how many gossip links a {@link #refresh} tops up to
   */
  AddressExchange(
      PeerId self,
      List<Multiaddr> announced,
      InstantSource clock,
      Peerstore peerstore,
      PeerChannels channels,
      RpcGossipTransport gossipLinks,
      BlockList blocked,
      Duration callTimeout,
      int lowWater) {
    this.self = self;
    this.logId = self.shortString();
    this.announced = List.copyOf(announced);
    this.clock = clock;
    this.peerstore = peerstore;
    this.channels = channels;
    this.gossipLinks = gossipLinks;
    this.blocked = blocked;
    this.callTimeout = callTimeout;
    this.lowWater = lowWater;
  }

  /** The known addresses of {@code peer} (this peer's own for itself), with their /p2p/ part. */
  List<Multiaddr> addresses(PeerId peer) {
    if (peer.equals(self)) {
      return announced;
    }
    return peerstore.addresses(peer).stream().map(a -> a.withPeerId(peer)).toList();
  }

  /**
   * Exchanges with up to {@link #ROUND_PEERS} known peers, best priority first; how many answered.
   */
  int bootstrap() {
    int reached = 0;
    for (PeerId peer : peerstore.peers()) {
      if (reached == ROUND_PEERS || closed) {
        break;
      }
      if (tryExchange(peer)) {
        reached++;
      }
    }
    return reached;
  }

  /**
   * Exchanges with up to {@link #ROUND_PEERS} known peers picked at random, then opens gossip links
   * to known peers without one, up to {@code lowWater} links.
   */
  void refresh() {
    List<PeerId> known = new ArrayList<>(peerstore.peers());
    Collections.shuffle(known);
    known.stream().limit(ROUND_PEERS).forEach(this::tryExchange);
    int room = lowWater - gossipLinks.connectedPeers().size();
    known.stream()
        .filter(p -> !gossipLinks.connectedPeers().contains(p))
        .limit(Math.max(0, room))
        .forEach(this::linkGossip);
  }

  /** {@link #exchange}, with a failure logged at debug; whether the peer answered. */
  boolean tryExchange(PeerId peer) {
    try {
      exchange(peer);
      return true;
    } catch (RuntimeException e) {
      log.debug("{} cannot exchange addresses with {}: {}", logId, peer, e.getMessage());
      return false;
    }
  }

  /**
   * Exchanges addresses with {@code peer}, learns its answer and links gossip with it.
   *
   * @throws RuntimeException when the peer cannot be reached or fails the call
   */
  void exchange(PeerId peer) {
    List<Multiaddr> answer =
        new RemotePeerstore(channels.channel(peer), peer, callTimeout).exchange(shared(peer));
    lastContact.put(peer, clock.instant());
    learn(answer);
    linkGossip(peer);
  }

  /**
   * An exchange served: learns the caller's addresses and answers with the shared ones. A caller
   * this peer had not talked to starts a round of {@link #refresh} on a virtual thread, so the
   * peers this one talks to hear of the newcomer without waiting for their next round.
   */
  List<Multiaddr> received(PeerId caller, List<Multiaddr> addresses) {
    boolean newcomer = lastContact.put(caller, clock.instant()) == null;
    learn(addresses);
    linkGossip(caller);
    if (newcomer && !closed) {
      Thread.ofVirtual().name(logId + "-peers").start(this::refresh);
    }
    return shared(caller);
  }

  /** Forgets that this peer talked to {@code peer}, so its addresses are no longer passed on. */
  void forget(PeerId peer) {
    lastContact.remove(peer);
  }

  /** The peers to ask for an unknown peer's address: those talked to first, then the others. */
  List<PeerId> askable() {
    List<PeerId> out = new ArrayList<>(contacted());
    peerstore.peers().stream().filter(p -> !out.contains(p)).forEach(out::add);
    out.removeIf(blocked::contains);
    return out;
  }

  /** The peers this peer talked to (either way) within the address TTL. */
  List<PeerId> contacted() {
    Instant since = clock.instant().minus(Peerstore.ADDRESS_TTL);
    lastContact.values().removeIf(t -> t.isBefore(since));
    return List.copyOf(lastContact.keySet());
  }

  /** Stops opening gossip links and starting rounds. Idempotent. */
  void close() {
    closed = true;
  }

  /** Opens the gossip link to {@code peer} unless there is one (a failure is logged). */
  private void linkGossip(PeerId peer) {
    if (closed || gossipLinks.connectedPeers().contains(peer)) {
      return;
    }
    gossipLinks
        .connect(peer)
        .exceptionally(
            e -> {
              log.debug("{} no gossip link to {}: {}", logId, peer, e.getMessage());
              return null;
            });
  }

  /**
   * What this peer tells {@code other}: its own addresses, then those of the peers it talked to
   * within the address TTL. Addresses of third peers are hints: a dial checks the identity of the
   * peer reached, so a wrong address only fails.
   */
  private List<Multiaddr> shared(PeerId other) {
    List<Multiaddr> out = new ArrayList<>(announced);
    for (PeerId p : contacted()) {
      if (!p.equals(other)) {
        out.addAll(addresses(p));
      }
    }
    return out;
  }

  /** Records shared addresses, last first so that each peer's best address stays first. */
  private void learn(List<Multiaddr> addresses) {
    for (Multiaddr a : addresses.reversed()) {
      if (a.peerId().isPresent()
          && PeerSockets.dialable(a)
          && !blocked.contains(a.peerId().get())) {
        peerstore.add(a, Peerstore.LEARNED, Optional.of(Peerstore.ADDRESS_TTL));
      }
    }
  }
}
