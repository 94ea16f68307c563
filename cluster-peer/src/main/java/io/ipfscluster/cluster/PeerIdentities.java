package io.ipfscluster.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who the other peers are, for the entries a global status makes up for them ({@code remote},
 * {@code unpinned}, {@code cluster_error}): the peer's name, IPFS node and its addresses, as the
 * original reads them from the peer's cached {@code ping} metric. Until a peer's ping is known, the
 * identity the peer last reported in a status of its own stands in; else the name is empty, as in
 * the original without a ping.
 *
 * <p>Holds one identity per peer that ever answered. Thread-safe.
 */
final class PeerIdentities {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A peer as a status entry shows it. */
  record Identity(String peername, PeerId ipfsId, List<Multiaddr> ipfsAddresses) {
    static final Identity UNKNOWN = new Identity("", null, List.of());

    Identity {
      ipfsAddresses = List.copyOf(ipfsAddresses);
    }

    /** A status of this peer with no attempts and no priority. */
    PinInfoShort status(TrackerStatus status, Instant at, String error) {
      return new PinInfoShort(peername, ipfsId, ipfsAddresses, status, at, error, 0, false);
    }
  }

  private final PeerId self;
  private final String selfName;
  private final Function<PeerId, Optional<Metric>> pings;
  private final Map<PeerId, Identity> reported = new ConcurrentHashMap<>();

  /**
   * @param self this peer, known by {@code selfName} when its own ping is not
   * @param pings the latest ping metric of a peer (this one included), if known
   */
  PeerIdentities(PeerId self, String selfName, Function<PeerId, Optional<Metric>> pings) {
    this.self = self;
    this.selfName = selfName;
    this.pings = pings;
  }

  /** The identity of {@code peer}, from its ping, else from what it reported last. */
  Identity of(PeerId peer) {
    Optional<Identity> fromPing = pings.apply(peer).flatMap(m -> parsePing(m.value()));
    if (fromPing.isPresent()) {
      return fromPing.get();
    }
    Identity known = reported.get(peer);
    if (known != null) {
      return known;
    }
    return peer.equals(self) ? new Identity(selfName, null, List.of()) : Identity.UNKNOWN;
  }

  /** Remembers who the peer of {@code info} said it was. */
  void remember(PinInfo info) {
    PinInfoShort s = info.peerStatus();
    if (info.peer() != null && !s.peerName().isEmpty()) {
      reported.put(info.peer(), new Identity(s.peerName(), s.ipfsPeerId(), s.ipfsPeerAddresses()));
    }
  }

  /**
   * The identity in a ping metric's value, {@code {"peer_name", "ipfs_id", "ipfs_addresses"}};
   * empty when the value is not such an object. Unreadable fields are left out.
   */
  static Optional<Identity> parsePing(String value) {
    JsonNode v;
    try {
      v = JSON.readTree(value);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (v == null || !v.isObject()) {
      return Optional.empty();
    }
    PeerId ipfsId = null;
    try {
      String id = v.path("ipfs_id").asText("");
      ipfsId = id.isEmpty() ? null : PeerId.parse(id);
    } catch (IllegalArgumentException e) {
      // an unreadable ID is left out
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (JsonNode a : v.path("ipfs_addresses")) {
      try {
        addrs.add(Multiaddr.parse(a.asText()));
      } catch (IllegalArgumentException e) {
        // an unreadable address is left out
      }
    }
    return Optional.of(new Identity(v.path("peer_name").asText(""), ipfsId, addrs));
  }
}
