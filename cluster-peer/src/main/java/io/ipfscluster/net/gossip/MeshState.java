package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one {@link GossipRouter}: who subscribes to what, the mesh and fanout of
 * each topic, prune backoffs, the seen and message caches, and the rules that change them. It does
 * no I/O: what it wants sent goes into an {@link Outbox}. Not thread-safe: the router holds its
 * lock around every call.
 */
final class MeshState {
  private static final Logger log = LoggerFactory.getLogger(MeshState.class);

  /** Whether a message was new. */
  enum Accepted {
    NEW,
    DUPLICATE
  }

  private final PeerId self;
  private final String me;
  private final GossipParams params;
  private final InstantSource clock;
  private final RandomGenerator random;

  private final Map<PeerId, Set<String>> peerTopics = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  private final Map<String, MessageHandler> handlers = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> mesh = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> fanout = new LinkedHashMap<>();
  private final Map<String, Instant> fanoutPublished = new HashMap<>();
  private final Map<PeerId, Map<String, Instant>> backoff = new HashMap<>();
  private final Map<PeerId, Integer> ihavesThisHeartbeat = new HashMap<>();
  private final Map<PeerId, Integer> askedThisHeartbeat = new HashMap<>();
  private final Set<MessageId> askedIds = new HashSet<>();
  private final SeenCache seen;
  private final MessageCache cache;

  MeshState(PeerId self, GossipParams params, InstantSource clock, RandomGenerator random) {
    this.self = self;
    this.me = self.shortString();
    this.params = params;
    this.clock = clock;
    this.random = random;
    this.seen = new SeenCache(params.seenTtl(), clock);
    this.cache = new MessageCache(params.historyLength(), params.historyGossip());
  }

  // ---- peers and subscriptions

  boolean isConnected(PeerId peer) {
    return peerTopics.containsKey(peer);
  }

  /**
   * A new neighbour: tell it our topics. A backoff left from its previous connection is dropped: a
   * peer that stops prunes every mesh it is in, and when it restarts within the backoff every graft
   * of the new process would be refused, leaving it outside all meshes (its messages then reach the
   * others only through IHAVE gossip, a heartbeat late) until the backoff runs out. The original
   * lets a leaving peer ask for a short unsubscribe backoff instead; frames here carry no backoff,
   * and a new connection is the sign that the old mesh relationship is over.
   */
  void addPeer(PeerId peer, Outbox out) {
    if (peerTopics.putIfAbsent(peer, new HashSet<>()) != null) {
      return;
    }
    backoff.remove(peer);
    for (String topic : handlers.keySet()) {
      out.to(peer).subscriptions.add(new Frame.SubscriptionChange(topic, true));
    }
  }

  void removePeer(PeerId peer) {
    Set<String> topics = peerTopics.remove(peer);
    if (topics == null) {
      return;
    }
    for (String t : topics) {
      removeTopicPeer(t, peer);
    }
    mesh.values().forEach(m -> m.remove(peer));
    fanout.values().forEach(f -> f.remove(peer));
  }

  private void removeTopicPeer(String topic, PeerId peer) {
    Set<PeerId> s = topicPeers.get(topic);
    if (s != null && s.remove(peer) && s.isEmpty()) {
      topicPeers.remove(topic);
    }
  }

  Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  MessageHandler handler(String topic) {
    return handlers.get(topic);
  }

  void subscribe(String topic, MessageHandler handler, Outbox out) {
    if (handlers.putIfAbsent(topic, handler) != null) {
      throw new IllegalStateException(self + " is already subscribed to topic " + topic);
    }
    for (PeerId p : peerTopics.keySet()) {
      out.to(p).subscriptions.add(new Frame.SubscriptionChange(topic, true));
    }
    join(topic, out);
  }

  /** Leaves {@code topic} if {@code handler} still holds its subscription. */
  void unsubscribe(String topic, MessageHandler handler, Outbox out) {
    if (!handlers.remove(topic, handler)) {
      return;
    }
    for (PeerId p : peerTopics.keySet()) {
      out.to(p).subscriptions.add(new Frame.SubscriptionChange(topic, false));
    }
    leave(topic, out);
  }

  void leaveAll(Outbox out) {
    for (String topic : List.copyOf(handlers.keySet())) {
      unsubscribe(topic, handlers.get(topic), out);
    }
  }

  /** Builds the mesh of a topic just subscribed: fanout peers first, then others. */
  private void join(String topic, Outbox out) {
    Set<PeerId> m = new LinkedHashSet<>();
    Set<PeerId> f = fanout.remove(topic);
    fanoutPublished.remove(topic);
    if (f != null) {
      for (PeerId p : f) {
        if (m.size() < params.d() && !inBackoff(p, topic)) {
          m.add(p);
        }
      }
    }
    m.addAll(pick(graftCandidates(topic, m), params.d() - m.size()));
    mesh.put(topic, m);
    for (PeerId p : m) {
      out.to(p).graft.add(topic);
    }
    log.debug("{} joined {} with mesh {}", me, topic, shortIds(m));
  }

  private void leave(String topic, Outbox out) {
    Set<PeerId> m = mesh.remove(topic);
    if (m == null) {
      return;
    }
    for (PeerId p : m) {
      out.to(p).prune.add(topic);
      startBackoff(p, topic);
    }
  }

  // ---- messages

  /** Records this peer's own message and addresses it; returns the local handler, if any. */
  MessageHandler publish(GossipMessage m, Outbox out) {
    seen.add(m.id());
    Collection<PeerId> targets = publishTargets(m.topic());
    cache.put(m, targets.size());
    for (PeerId p : targets) {
      out.to(p).messages.add(m);
    }
    return handlers.get(m.topic());
  }

  private Collection<PeerId> publishTargets(String topic) {
    Set<PeerId> subscribers = topicPeers.getOrDefault(topic, Set.of());
    if (params.floodPublish()) {
      return List.copyOf(subscribers);
    }
    Set<PeerId> m = mesh.get(topic);
    if (m != null) {
      return List.copyOf(m);
    }
    Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
    if (f.size() < params.d()) {
      List<PeerId> more = new ArrayList<>(subscribers);
      more.removeAll(f);
      f.addAll(pick(more, params.d() - f.size()));
    }
    fanoutPublished.put(topic, clock.instant());
    return List.copyOf(f);
  }

  /** Remembers a message that was validly signed but not accepted, so it is not handled again. */
  void markSeen(MessageId id) {
    seen.add(id);
  }

  boolean isSeen(MessageId id) {
    return seen.contains(id);
  }

  /**
   * Takes a verified, validated message from neighbour {@code from}: remembers it and forwards it
   * to the mesh of its topic, except back to {@code from} and to its publisher.
   */
  Accepted accept(PeerId from, GossipMessage m, Outbox out) {
    if (!seen.add(m.id())) {
      return Accepted.DUPLICATE;
    }
    askedIds.remove(m.id());
    int sends = 0;
    for (PeerId p : mesh.getOrDefault(m.topic(), Set.of())) {
      if (!p.equals(from) && !p.equals(m.from())) {
        out.to(p).messages.add(m);
        sends++;
      }
    }
    cache.put(m, sends);
    return Accepted.NEW;
  }

  // ---- control

  void handleControl(PeerId from, Frame f, Outbox out) {
    for (Frame.SubscriptionChange s : f.subscriptions()) {
      if (s.subscribe()) {
        peerSubscribed(from, s.topic(), out);
      } else {
        peerUnsubscribed(from, s.topic());
      }
    }
    for (String topic : f.graft()) {
      graftedBy(from, topic, out);
    }
    for (String topic : f.prune()) {
      Set<PeerId> m = mesh.get(topic);
      if (m != null && m.remove(from)) {
        log.debug("{} pruned from {} by {}", me, topic, from.shortString());
      }
      startBackoff(from, topic);
    }
    for (Frame.IHave ih : f.ihave()) {
      ihave(from, ih, out);
    }
    for (MessageId id : f.iwant()) {
      GossipMessage m =
          cache.getForPeer(id, from, params.gossipRetransmission(), maxSendsPerMessage());
      if (m != null) {
        out.to(from).messages.add(m);
      }
    }
  }

  private void peerSubscribed(PeerId peer, String topic, Outbox out) {
    if (!peerTopics.get(peer).add(topic)) {
      return;
    }
    topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer);
    // Graft a newcomer at once while the mesh is short, rather than at the next heartbeat.
    Set<PeerId> m = mesh.get(topic);
    if (m != null && m.size() < params.d() && !m.contains(peer) && !inBackoff(peer, topic)) {
      m.add(peer);
      out.to(peer).graft.add(topic);
    }
  }

  private void peerUnsubscribed(PeerId peer, String topic) {
    peerTopics.get(peer).remove(topic);
    removeTopicPeer(topic, peer);
    Set<PeerId> m = mesh.get(topic);
    if (m != null) {
      m.remove(peer);
    }
    Set<PeerId> f = fanout.get(topic);
    if (f != null) {
      f.remove(peer);
    }
  }

  private void graftedBy(PeerId peer, String topic, Outbox out) {
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      out.to(peer).prune.add(topic); // not subscribed
      return;
    }
    if (m.contains(peer)) {
      return;
    }
    // A graft implies a subscription, whatever order the news came in.
    if (peerTopics.get(peer).add(topic)) {
      topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(peer);
    }
    if (inBackoff(peer, topic) || m.size() >= params.dHigh()) {
      out.to(peer).prune.add(topic);
      startBackoff(peer, topic);
      return;
    }
    m.add(peer);
  }

  private void ihave(PeerId from, Frame.IHave ih, Outbox out) {
    if (!mesh.containsKey(ih.topic())) {
      return;
    }
    int entries = ihavesThisHeartbeat.merge(from, 1, Integer::sum);
    if (entries > params.maxIHaveMessages()) {
      return;
    }
    int budget = params.maxIHaveLength() - askedThisHeartbeat.getOrDefault(from, 0);
    List<MessageId> want = new ArrayList<>();
    for (MessageId id : ih.ids()) {
      if (want.size() >= budget) {
        break;
      }
      if (!seen.contains(id) && askedIds.add(id)) {
        want.add(id);
      }
    }
    if (!want.isEmpty()) {
      askedThisHeartbeat.merge(from, want.size(), Integer::sum);
      out.to(from).iwant.addAll(want);
    }
  }

  /**
   * The most times this peer sends one message, forwards and IWANT answers together: twice the mesh
   * degree. It bounds what a burst of IWANTs can cost; other holders answer the rest.
   */
  private int maxSendsPerMessage() {
    return 2 * params.d();
  }

  // ---- heartbeat

  void heartbeat(Outbox out) {
    ihavesThisHeartbeat.clear();
    askedThisHeartbeat.clear();
    askedIds.clear(); // unanswered requests may be asked again of the next IHAVE
    expireBackoffs();
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> m = e.getValue();
      Set<PeerId> subscribers = topicPeers.getOrDefault(topic, Set.of());
      m.retainAll(subscribers);
      if (m.size() < params.dLow()) {
        List<PeerId> added = pick(graftCandidates(topic, m), params.d() - m.size());
        for (PeerId p : added) {
          m.add(p);
          out.to(p).graft.add(topic);
        }
        if (!added.isEmpty()) {
          log.debug("{} grafted {} on {}", me, shortIds(added), topic);
        }
      } else if (m.size() > params.dHigh()) {
        List<PeerId> shuffled = new ArrayList<>(m);
        Collections.shuffle(shuffled, random);
        List<PeerId> dropped = shuffled.subList(params.d(), shuffled.size());
        for (PeerId p : dropped) {
          m.remove(p);
          out.to(p).prune.add(topic);
          startBackoff(p, topic);
        }
        log.debug("{} pruned {} on {}", me, shortIds(dropped), topic);
      }
      emitGossip(topic, m, out);
    }
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Set<PeerId>> e = it.next();
      String topic = e.getKey();
      if (!now.isBefore(fanoutPublished.get(topic).plus(params.fanoutTtl()))) {
        it.remove();
        fanoutPublished.remove(topic);
        continue;
      }
      Set<PeerId> f = e.getValue();
      Set<PeerId> subscribers = topicPeers.getOrDefault(topic, Set.of());
      f.retainAll(subscribers);
      if (f.size() < params.d()) {
        List<PeerId> more = new ArrayList<>(subscribers);
        more.removeAll(f);
        f.addAll(pick(more, params.d() - f.size()));
      }
      emitGossip(topic, f, out);
    }
    cache.shift();
    seen.expire();
  }

  /** Sends IHAVE with the recent message IDs of {@code topic} to d_lazy peers outside it. */
  private void emitGossip(String topic, Set<PeerId> exclude, Outbox out) {
    List<MessageId> ids = cache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    if (ids.size() > params.maxIHaveLength()) {
      Collections.shuffle(ids, random);
      ids = ids.subList(0, params.maxIHaveLength());
    }
    List<PeerId> candidates = new ArrayList<>(topicPeers.getOrDefault(topic, Set.of()));
    candidates.removeAll(exclude);
    for (PeerId p : pick(candidates, params.dLazy())) {
      out.to(p).ihave.add(new Frame.IHave(topic, ids));
    }
  }

  private List<PeerId> graftCandidates(String topic, Set<PeerId> current) {
    List<PeerId> c = new ArrayList<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      if (!current.contains(p) && !inBackoff(p, topic)) {
        c.add(p);
      }
    }
    return c;
  }

  /** Up to {@code n} of {@code from}, chosen at random. */
  private List<PeerId> pick(List<PeerId> from, int n) {
    if (n <= 0 || from.isEmpty()) {
      return List.of();
    }
    List<PeerId> copy = new ArrayList<>(from);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  private boolean inBackoff(PeerId peer, String topic) {
    Map<String, Instant> b = backoff.get(peer);
    Instant until = b == null ? null : b.get(topic);
    return until != null && clock.instant().isBefore(until);
  }

  private void startBackoff(PeerId peer, String topic) {
    if (params.pruneBackoff().isZero()) {
      return;
    }
    backoff
        .computeIfAbsent(peer, p -> new HashMap<>())
        .put(topic, clock.instant().plus(params.pruneBackoff()));
  }

  private void expireBackoffs() {
    Instant now = clock.instant();
    backoff.values().forEach(b -> b.values().removeIf(until -> !now.isBefore(until)));
    backoff.values().removeIf(Map::isEmpty);
  }

  private static List<String> shortIds(Collection<PeerId> peers) {
    return peers.stream().map(PeerId::shortString).toList();
  }
}
