package io.ipfscluster.peer;

import io.grpc.Status;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.cluster.OtherPeers;
import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.rpc.RemoteCallException;
import io.ipfscluster.net.rpc.RemoteCluster;
import io.ipfscluster.net.rpc.RemoteIpfsBlocks;
import io.ipfscluster.net.rpc.RemotePinTracker;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The other peers reached through the peer network. A call the remote access policy refuses ends in
 * {@link OtherPeers.Denied}. Thread-safe.
 */
final class NetworkPeers implements OtherPeers {
  /** How long the original waits for a peer's ID in a fan-out ({@code IDStream}). */
  static final Duration ID_TIMEOUT = Duration.ofSeconds(15);

  /** How long the original waits for each peer's status of one CID ({@code globalPinInfoCid}). */
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(15);

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

  @Override
  public Stream<PinInfo> trackerStatusAll(PeerId peer, StatusFilter filter) {
    return denialsOf(() -> tracker(peer).statusAll(filter));
  }

  @Override
  public PinInfo trackerStatus(PeerId peer, Cid cid) {
    return denials(() -> tracker(peer).status(cid));
  }

  @Override
  public PinInfo trackerRecover(PeerId peer, Cid cid) {
    return denials(() -> tracker(peer).recover(cid));
  }

  @Override
  public Stream<PinInfo> recoverAllLocal(PeerId peer) {
    return denialsOf(() -> cluster(peer).recoverAllLocal());
  }

  @Override
  public RepoGc repoGcLocal(PeerId peer) {
    return denials(() -> cluster(peer).repoGcLocal());
  }

  private RemotePinTracker tracker(PeerId peer) {
    return new RemotePinTracker(network.channel(peer), peer, STATUS_TIMEOUT);
  }

  private RemoteCluster cluster(PeerId peer) {
    return new RemoteCluster(network.channel(peer), peer, ID_TIMEOUT);
  }

  /** Runs {@code call}, a refusal by the remote access policy becoming {@link Denied}. */
  private static <T> T denials(Supplier<T> call) {
    try {
      return call.get();
    } catch (RemoteCallException e) {
      if (e.code() == Status.Code.PERMISSION_DENIED) {
        throw new Denied(e.getMessage(), e);
      }
      throw e;
    }
  }

  /** {@link #denials} for a stream, whose refusal comes with its first item. */
  private static <T> Stream<T> denialsOf(Supplier<Stream<T>> call) {
    Stream<T> stream = denials(call);
    Iterator<T> items = stream.iterator();
    Iterator<T> checked =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return denials(items::hasNext);
          }

          @Override
          public T next() {
            return denials(items::next);
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(checked, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(stream::close);
  }
}
