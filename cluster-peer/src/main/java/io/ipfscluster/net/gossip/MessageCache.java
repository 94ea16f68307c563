package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The messages of the last {@code historyLength} heartbeats, which peers may ask for with IWANT;
 * those of the {@code historyGossip} heartbeats before the current one are advertised with IHAVE.
 * One window per heartbeat; {@link #shift} opens a new one and forgets the oldest. Not thread-safe:
 * the router guards it.
 *
 * <p>The current window is not advertised: its messages may still be travelling the mesh, and an
 * IHAVE for them would only bring IWANTs for copies already on their way (the benchmark saw peers
 * send a message half as many times again as the mesh needs). So a lost message is repaired after
 * one to two heartbeats rather than zero to one.
 */
final class MessageCache {
  private final int historyLength;
  private final int historyGossip;
  private final Deque<List<GossipMessage>> windows = new ArrayDeque<>();
  private final Map<MessageId, Entry> entries = new HashMap<>();

  private static final class Entry {
    final GossipMessage message;
    final Map<PeerId, Integer> transmissions = new HashMap<>();
    int sends; // to the mesh and in answer to IWANT

    Entry(GossipMessage message) {
      this.message = message;
    }
  }

  MessageCache(int historyLength, int historyGossip) {
    this.historyLength = historyLength;
    this.historyGossip = historyGossip;
    windows.addFirst(new ArrayList<>());
  }

  /** Keeps {@code m}, which was just sent {@code sends} times (to the mesh or fanout). */
  void put(GossipMessage m, int sends) {
    Entry e = new Entry(m);
    e.sends = sends;
    if (entries.putIfAbsent(m.id(), e) == null) {
      windows.getFirst().add(m);
    }
  }

  /**
   * The message {@code id} for an IWANT from {@code peer}, unless it is gone, was already sent to
   * that peer {@code maxTransmissions} times this way, or was sent {@code maxSends} times in all.
   */
  GossipMessage getForPeer(MessageId id, PeerId peer, int maxTransmissions, int maxSends) {
    Entry e = entries.get(id);
    if (e == null || e.sends >= maxSends) {
      return null;
    }
    int n = e.transmissions.merge(peer, 1, Integer::sum);
    if (n > maxTransmissions) {
      return null;
    }
    e.sends++;
    return e.message;
  }

  /** The IDs of the messages on {@code topic} in the gossip windows, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> ids = new ArrayList<>();
    Iterator<List<GossipMessage>> it = windows.iterator();
    it.next(); // the current window
    for (int i = 0; i < historyGossip && it.hasNext(); i++) {
      for (GossipMessage m : it.next()) {
        if (m.topic().equals(topic)) {
          ids.add(m.id());
        }
      }
    }
    return ids;
  }

  /** Starts a new window; the messages of windows older than the history are forgotten. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > historyLength) {
      for (GossipMessage m : windows.removeLast()) {
        entries.remove(m.id());
      }
    }
  }

  int size() {
    return entries.size();
  }
}
