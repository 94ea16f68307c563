package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one event (a received frame, a heartbeat, a publish) sends, gathered per neighbour so that
 * each neighbour gets at most one frame per event. Not thread-safe: one per event.
 */
final class Outbox {
  private final Map<PeerId, Parts> parts = new LinkedHashMap<>();

  /** The parts of the frame for {@code peer}. */
  Parts to(PeerId peer) {
    return parts.computeIfAbsent(peer, p -> new Parts());
  }

  Map<PeerId, Parts> byPeer() {
    return parts;
  }

  /** The mutable parts of one frame. */
  static final class Parts {
    final List<Frame.SubscriptionChange> subscriptions = new ArrayList<>();
    final List<GossipMessage> messages = new ArrayList<>();
    final List<Frame.IHave> ihave = new ArrayList<>();
    final List<MessageId> iwant = new ArrayList<>();
    final List<String> graft = new ArrayList<>();
    final List<String> prune = new ArrayList<>();

    /** The control parts only, without messages. */
    Frame control() {
      return new Frame(subscriptions, List.of(), ihave, iwant, graft, prune);
    }
  }
}
