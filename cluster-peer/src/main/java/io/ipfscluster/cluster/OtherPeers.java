package io.ipfscluster.cluster;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.List;

/**
 * The other peers of the cluster as the use cases reach them: through the peer network, or not at
 * all for a peer on its own ({@link #NONE}). Implementations are thread-safe.
 */
public interface OtherPeers {
  /**
   * What {@code peer} says about itself ({@code Cluster.ID}).
   *
   * @throws ClusterException when it cannot be asked
   */
  PeerInfo id(PeerId peer);

  /** The known addresses of {@code peer} (this peer's own, announced, for this peer). */
  List<Multiaddr> addresses(PeerId peer);

  /**
   * Writes {@code blocks} to the IPFS node of {@code peer} ({@code IPFSConnector.BlockStream}).
   *
   * @throws ClusterException when the peer cannot take them
   */
  void blockStream(PeerId peer, Iterator<Block> blocks);

  /**
   * The peers the IPFS node of {@code peer} is connected to ({@code IPFSConnector.SwarmPeers}).
   *
   * @throws ClusterException when the peer cannot be asked
   */
  List<PeerId> ipfsSwarmPeers(PeerId peer);

  /** No peer network: no other peer can be reached. */
  OtherPeers NONE =
      new OtherPeers() {
        @Override
        public PeerInfo id(PeerId peer) {
          throw new ClusterException(
              ClusterException.Kind.FAILED,
              "cannot reach peer " + peer + ": this peer has no peer network");
        }

        @Override
        public List<Multiaddr> addresses(PeerId peer) {
          return List.of();
        }

        @Override
        public void blockStream(PeerId peer, Iterator<Block> blocks) {
          throw new ClusterException(
              ClusterException.Kind.FAILED,
              "cannot stream blocks to " + peer + ": this peer has no peer network");
        }

        @Override
        public List<PeerId> ipfsSwarmPeers(PeerId peer) {
          throw new ClusterException(
              ClusterException.Kind.FAILED,
              "cannot ask peer " + peer + ": this peer has no peer network");
        }
      };
}
