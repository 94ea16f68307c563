package io.ipfscluster.cluster;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A one-peer consensus over an in-memory state, recording what was committed. */
final class MemoryConsensus implements Consensus {
  final State state = new DatastoreState(new MemoryDatastore());
  final List<Pin> logged = new ArrayList<>();
  final List<Pin> unlogged = new ArrayList<>();
  private volatile List<PeerId> peers;

  MemoryConsensus(List<PeerId> peers) {
    this.peers = List.copyOf(peers);
  }

  @Override
  public boolean awaitReady(Duration timeout) {
    return true;
  }

  @Override
  public synchronized void logPin(Pin pin) {
    state.add(pin);
    logged.add(pin);
  }

  @Override
  public synchronized void logUnpin(Pin pin) {
    state.remove(pin.cid());
    unlogged.add(pin);
  }

  @Override
  public void addPeer(PeerId peer) {}

  @Override
  public void removePeer(PeerId peer) {
    throw new ClusterException(ClusterException.Kind.FAILED, "not supported");
  }

  @Override
  public PinsetView state() {
    return state;
  }

  @Override
  public PeerId leader() {
    throw new ClusterException(ClusterException.Kind.FAILED, "no leader");
  }

  @Override
  public void waitForSync(Duration timeout) {}

  /** Replaces the peers, as when one goes down or joins. */
  void setPeers(List<PeerId> live) {
    this.peers = List.copyOf(live);
  }

  @Override
  public List<PeerId> peers() {
    return peers;
  }

  @Override
  public boolean isTrustedPeer(PeerId peer) {
    return true;
  }

  @Override
  public void trust(PeerId peer) {}

  @Override
  public void distrust(PeerId peer) {}

  @Override
  public void close() {}
}
