package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Other peers for use-case tests: each a {@link PinTracker} of its own (a {@link ScriptedTracker},
 * say), or unreachable with an error, or refusing every call; with a ping metric if set.
 * Thread-safe.
 */
final class FakePeers implements OtherPeers {
  private final Map<PeerId, PinTracker> trackers = new ConcurrentHashMap<>();
  private final Map<PeerId, RepoGc> gcs = new ConcurrentHashMap<>();
  private final Map<PeerId, String> unreachable = new ConcurrentHashMap<>();
  private final Map<PeerId, Boolean> denying = new ConcurrentHashMap<>();
  private final Map<PeerId, Metric> pings = new ConcurrentHashMap<>();

  FakePeers with(PeerId peer, PinTracker tracker) {
    trackers.put(peer, tracker);
    return this;
  }

  FakePeers gc(PeerId peer, RepoGc result) {
    gcs.put(peer, result);
    return this;
  }

  FakePeers unreachable(PeerId peer, String error) {
    unreachable.put(peer, error);
    return this;
  }

  FakePeers denying(PeerId peer) {
    denying.put(peer, true);
    return this;
  }

  FakePeers ping(PeerId peer, String value) {
    pings.put(peer, new Metric("ping", peer, value, Long.MAX_VALUE, true, 0, false, 0));
    return this;
  }

  private PinTracker reach(PeerId peer) {
    if (denying.containsKey(peer)) {
      throw new Denied("client does not have permissions to this method", null);
    }
    String error = unreachable.get(peer);
    if (error != null) {
      throw new ClusterException(ClusterException.Kind.FAILED, error);
    }
    PinTracker t = trackers.get(peer);
    if (t == null) {
      throw new ClusterException(ClusterException.Kind.FAILED, "no such test peer " + peer);
    }
    return t;
  }

  @Override
  public Stream<PinInfo> trackerStatusAll(PeerId peer, StatusFilter filter) {
    return reach(peer).statusAll(filter);
  }

  @Override
  public PinInfo trackerStatus(PeerId peer, Cid cid) {
    return reach(peer).status(cid);
  }

  @Override
  public PinInfo trackerRecover(PeerId peer, Cid cid) {
    return reach(peer).recover(cid);
  }

  @Override
  public Stream<PinInfo> recoverAllLocal(PeerId peer) {
    return reach(peer).recoverAll();
  }

  @Override
  public RepoGc repoGcLocal(PeerId peer) {
    reach(peer);
    return gcs.get(peer);
  }

  @Override
  public Optional<Metric> lastPing(PeerId peer) {
    return Optional.ofNullable(pings.get(peer));
  }

  @Override
  public PeerInfo id(PeerId peer) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    return List.of();
  }

  @Override
  public void blockStream(PeerId peer, Iterator<Block> blocks) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PeerId> ipfsSwarmPeers(PeerId peer) {
    return List.of();
  }
}
