package io.ipfscluster.peer;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.cluster.OtherPeers;
import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.rpc.RemoteCluster;
import io.ipfscluster.net.rpc.RemoteIpfsBlocks;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/** The other peers reached through the peer network. Thread-safe. */
final class NetworkPeers implements OtherPeers {
  /** How long the original waits for a peer's ID in a fan-out ({@code IDStream}). */
  static final Duration ID_TIMEOUT = Duration.ofSeconds(15);

  private final PeerNetwork network;

  NetworkPeers(PeerNetwork network) {
    this.network = network;
  }

  @Override
  public PeerInfo id(PeerId peer) {
    return new RemoteCluster(network.channel(peer), peer, ID_TIMEOUT).id();
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    return network.addresses(peer);
  }

  @Override
  public List<PeerId> ipfsSwarmPeers(PeerId peer) {
    return new RemoteIpfsBlocks(network.channel(peer), peer, ID_TIMEOUT).swarmPeers();
  }

  @Override
  public void blockStream(PeerId peer, Iterator<Block> blocks) {
    new RemoteIpfsBlocks(network.channel(peer), peer, ID_TIMEOUT).blockStream(blocks);
  }
}
