package io.ipfscluster.net;

import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.RemoteIpfsBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an embedded IPFS node gets the blocks it lacks: the IPFS nodes of the other cluster peers,
 * asked over {@code IPFSConnector.BlockGetLocal} one after the other until one has the block. The
 * node checks every block against its CID before storing it.
 *
 * <p>The order, for a block of a pin that came with a {@link BlockSource.Providers} hint: first the
 * pin's allocations (the cluster peers that hold or are fetching it), then the cluster peers whose
 * IPFS node is one of the pin's origins (matched through {@code ipfsNodeOwners}, the peers' pings),
 * then the peer that gave the last block (the blocks of one DAG tend to sit together), then
 * everyone else in random order. Without a hint, the last good peer comes first. Each peer is asked
 * once, this peer and peers the network does not currently know are skipped.
 *
 * <p>Thread-safe.
 */
public final class PeerBlockSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger("net");

  private final Supplier<PeerNetwork> network;
  private final Function<PeerId, Optional<PeerId>> ipfsNodeOwners;
  private final Duration callTimeout;
  private volatile PeerId lastGood;

  /**
   * @param network the peer network, or null while it is not started (then nothing is fetched)
   * @param ipfsNodeOwners the cluster peer that runs an IPFS node, if known
   * @param callTimeout how long one peer may take to answer for one block
   */
  public PeerBlockSource(
      Supplier<PeerNetwork> network,
      Function<PeerId, Optional<PeerId>> ipfsNodeOwners,
      Duration callTimeout) {
    this.network = Objects.requireNonNull(network, "network");
    this.ipfsNodeOwners = Objects.requireNonNull(ipfsNodeOwners, "ipfsNodeOwners");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  /** Whether no other peer is known, so nobody can supply a block (the node then fails fast). */
  @Override
  public boolean isNone() {
    PeerNetwork net = network.get();
    return net == null || net.peers().isEmpty();
  }

  @Override
  public String toString() {
    return "the other cluster peers' IPFS nodes";
  }

  @Override
  public byte[] fetch(Cid cid) throws InterruptedException {
    return fetch(cid, Providers.NONE);
  }

  @Override
  public byte[] fetch(Cid cid, Providers providers) throws InterruptedException {
    PeerNetwork net = network.get();
    if (net == null) {
      return null;
    }
    for (PeerId peer : order(net.self(), net.peers(), providers)) {
      if (Thread.interrupted()) {
        throw new InterruptedException("fetch of " + cid + " interrupted");
      }
      try {
        byte[] data = new RemoteIpfsBlocks(net.channel(peer), peer, callTimeout).blockGetLocal(cid);
        lastGood = peer;
        return data;
      } catch (RuntimeException e) {
        log.debug("block {} not fetched from {}: {}", cid, peer, e.getMessage());
      }
    }
    return null;
  }

  /** The peers to ask, in order: see the class comment. */
  private List<PeerId> order(PeerId self, List<PeerId> known, Providers providers) {
    Set<PeerId> knownSet = new HashSet<>(known);
    knownSet.remove(self);
    LinkedHashSet<PeerId> order = new LinkedHashSet<>();
    for (PeerId peer : providers.clusterPeers()) {
      if (knownSet.contains(peer)) {
        order.add(peer);
      }
    }
    for (PeerId node : providers.ipfsNodes()) {
      ipfsNodeOwners.apply(node).filter(knownSet::contains).ifPresent(order::add);
    }
    PeerId last = lastGood;
    if (last != null && knownSet.contains(last)) {
      order.add(last);
    }
    List<PeerId> rest = new ArrayList<>(knownSet);
    rest.removeAll(order);
    Collections.shuffle(rest);
    order.addAll(rest);
    return List.copyOf(order);
  }
}
