package io.ipfscluster.net.gossip;

/**
 * Receives the messages of a subscribed topic: each valid message once, including the ones this
 * peer publishes. Called on a network thread, so implementations must return quickly (queue any
 * slow work) and be thread-safe.
 */
@FunctionalInterface
public interface MessageHandler {
  void onMessage(GossipMessage message);
}
