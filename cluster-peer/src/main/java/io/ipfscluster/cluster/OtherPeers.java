package io.ipfscluster.cluster;

import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The other peers of the cluster as the use cases reach them: through the peer network, or not at
 * all for a peer on its own ({@link #NONE}). Implementations are thread-safe.
 *
 * <p>A call the other peer's access policy refuses to this peer throws {@link Denied}; the global
 * fan-outs leave such a peer out, as the original skips authorization errors.
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

  /**
   * Streams the status of {@code peer}'s pins that match {@code filter} ({@code
   * PinTracker.StatusAll}), in CID byte order. No deadline; close the stream to cancel it.
   *
   * @throws ClusterException when the peer cannot be asked, from this call or from the stream
   */
  Stream<PinInfo> trackerStatusAll(PeerId peer, StatusFilter filter);

  /**
   * The status of {@code cid} on {@code peer} ({@code PinTracker.Status}).
   *
   * @throws ClusterException when the peer cannot be asked in time
   */
  PinInfo trackerStatus(PeerId peer, Cid cid);

  /**
   * Re-queues the failed operation of {@code cid} on {@code peer} and returns its status ({@code
   * PinTracker.Recover}).
   *
   * @throws ClusterException when the peer cannot be asked in time
   */
  PinInfo trackerRecover(PeerId peer, Cid cid);

  /**
   * Re-queues every failed operation of {@code peer} and streams what moved, in CID byte order
   * ({@code Cluster.RecoverAllLocal}). No deadline; close the stream to cancel it.
   *
   * @throws ClusterException when the peer cannot be asked, from this call or from the stream
   */
  Stream<PinInfo> recoverAllLocal(PeerId peer);

  /**
   * Garbage-collects the IPFS node of {@code peer} ({@code Cluster.RepoGCLocal}).
   *
   * @throws ClusterException when the peer cannot be asked
   */
  RepoGc repoGcLocal(PeerId peer);

  /**
   * The latest {@code ping} metric heard from {@code peer}, which names the peer and its IPFS node;
   * empty when none is known (this default: no peer monitor).
   */
  default Optional<Metric> lastPing(PeerId peer) {
    return Optional.empty();
  }

  /** The other peer's access policy does not let this peer make the call. */
  final class Denied extends ClusterException {
    private static final long serialVersionUID = 1L;

    public Denied(String message, Throwable cause) {
      super(Kind.FAILED, message, cause);
    }
  }

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

        @Override
        public Stream<PinInfo> trackerStatusAll(PeerId peer, StatusFilter filter) {
          throw unreachable(peer);
        }

        @Override
        public PinInfo trackerStatus(PeerId peer, Cid cid) {
          throw unreachable(peer);
        }

        @Override
        public PinInfo trackerRecover(PeerId peer, Cid cid) {
          throw unreachable(peer);
        }

        @Override
        public Stream<PinInfo> recoverAllLocal(PeerId peer) {
          throw unreachable(peer);
        }

        @Override
        public RepoGc repoGcLocal(PeerId peer) {
          throw unreachable(peer);
        }

        private static ClusterException unreachable(PeerId peer) {
          return new ClusterException(
              ClusterException.Kind.FAILED,
              "cannot ask peer " + peer + ": this peer has no peer network");
        }
      };
}
