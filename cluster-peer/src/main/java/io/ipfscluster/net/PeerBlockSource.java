package io.ipfscluster.net;

import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.RemoteIpfsBlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an embedded IPFS node gets the blocks it lacks: the IPFS nodes of the other cluster peers,
 * asked over {@code IPFSConnector.BlockGetLocal} one after the other. The peer that gave the last
 * block is asked first (the blocks of one DAG tend to sit together), the others in random order.
 * The node checks every block against its CID before storing it.
 *
 * <p>Thread-safe.
 */
public final class PeerBlockSource implements BlockSource {
  private static final Logger log = LoggerFactory.getLogger("net");

  private final Supplier<PeerNetwork> network;
  private final Duration callTimeout;
  private volatile PeerId lastGood;

  /**
   * @param network the peer network, or null while it is not started (then nothing is fetched)
   * @param callTimeout how long one peer may take to answer for one block
   */
  public PeerBlockSource(Supplier<PeerNetwork> network, Duration callTimeout) {
    this.network = Objects.requireNonNull(network, "network");
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
    PeerNetwork net = network.get();
    if (net == null) {
      return null;
    }
    List<PeerId> order = new ArrayList<>(net.peers());
    Collections.shuffle(order);
    PeerId first = lastGood;
    if (first != null && order.remove(first)) {
      order.addFirst(first);
    }
    for (PeerId peer : order) {
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
}
