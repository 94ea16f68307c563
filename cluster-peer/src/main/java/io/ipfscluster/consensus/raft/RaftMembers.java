package io.ipfscluster.consensus.raft;

import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * Who belongs to this peer's Raft group right now, as the transport's TLS checks need it: the peers
 * of the division's configuration (current and, during a change, previous), or the initial group
 * until the server is attached. Thread-safe.
 */
final class RaftMembers {
  private final List<RaftPeer> initial;
  private volatile RaftServer server;

  RaftMembers(Collection<RaftPeer> initial) {
    this.initial = List.copyOf(initial);
  }

  /** From now on the members are those of {@code server}'s division of the cluster's group. */
  void attach(RaftServer server) {
    this.server = server;
  }

  /** Every peer of the configuration, voters and listeners, old and new during a change. */
  Collection<RaftPeer> peers() {
    RaftServer s = server;
    if (s == null) {
      return initial;
    }
    RaftConfiguration conf;
    try {
      conf = s.getDivision(RaftConsensus.GROUP_ID).getRaftConf();
    } catch (IOException | RuntimeException e) {
      return initial; // the division is still starting (or already gone)
    }
    Set<RaftPeer> all = new LinkedHashSet<>(conf.getAllPeers());
    all.addAll(conf.getPreviousPeers());
    return all;
  }

  /**
   * Whether {@code peer} may open a connection to this server: it is a member, or this peer knows
   * no member at all (a staging peer waiting for the leader that adds it).
   */
  boolean admits(PeerId peer) {
    Collection<RaftPeer> all = peers();
    String id = peer.toString();
    return all.isEmpty() || all.stream().anyMatch(p -> p.getId().toString().equals(id));
  }

  /** The member whose Raft address is {@code host:port}, if the configuration names one. */
  Optional<PeerId> at(String host, int port) {
    if (host == null) {
      return Optional.empty();
    }
    for (RaftPeer p : peers()) {
      if (sameEndpoint(p.getAddress(), host, port)) {
        return Optional.of(PeerId.parse(p.getId().toString()));
      }
    }
    return Optional.empty();
  }

  private static boolean sameEndpoint(String address, String host, int port) {
    if (address == null) {
      return false;
    }
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    String h = address.substring(0, colon);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equalsIgnoreCase(host) && address.substring(colon + 1).equals(Integer.toString(port));
  }
}
