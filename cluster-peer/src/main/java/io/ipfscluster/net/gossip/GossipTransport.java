package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;

/**
 * What the gossip router needs from the peer network: opaque frames to and from directly connected,
 * authenticated neighbours, and news of connections coming and going. The router knows nothing else
 * about the network; a gRPC bidirectional stream per connection, or the {@link
 * InProcessGossipNetwork}, provides it.
 *
 * <p>Contract for implementations (all thread-safe):
 *
 * <ul>
 *   <li>{@link #send} never blocks: it queues the frame (bounded) and returns; a frame it cannot
 *       queue is dropped and reported with {@code false}, as gossip tolerates loss.
 *   <li>Frames on one connection arrive whole and in the order sent (a stream of length-prefixed
 *       frames, or one stream message per frame).
 *   <li>The {@code from} of a received frame is the cryptographically authenticated remote peer.
 *   <li>{@link Listener#peerConnected} for a peer comes before any of its frames; after {@link
 *       Listener#peerDisconnected} none come until it connects again. One connection per peer: a
 *       second connection to the same peer is not announced twice.
 *   <li>Callbacks may come on any thread, concurrently for different peers, and should be made
 *       serially per peer.
 * </ul>
 */
public interface GossipTransport {
  /**
   * Registers the router's listener and announces, through it, the peers already connected. Called
   * once, by {@link GossipRouter#start()}.
   */
  void start(Listener listener);

  /**
   * Queues {@code frame} for {@code peer}.
   *
   * @return false when the frame was dropped: the peer is not connected or its queue is full
   */
  boolean send(PeerId peer, byte[] frame);

  /** Receives what happens on the network; implemented by the router. */
  interface Listener {
    /** {@code peer} is now connected (either side dialled). */
    void peerConnected(PeerId peer);

    /** {@code peer} is no longer connected. */
    void peerDisconnected(PeerId peer);

    /** A frame from the authenticated neighbour {@code from}. */
    void frameReceived(PeerId from, byte[] frame);
  }
}
