package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;

/**
 * Decides whether a message on a topic is delivered and forwarded. Runs after the signature has
 * been verified, so {@link GossipMessage#from()} is the true publisher; the CRDT topic's validator,
 * for example, rejects publishers that are not trusted. Also runs on this peer's own messages.
 *
 * <p>Implementations are thread-safe and fast (they run on network threads); one that throws counts
 * as {@link ValidationResult#IGNORE}.
 */
@FunctionalInterface
public interface TopicValidator {
  /**
   * @param source the neighbour the message came from (this peer, for its own messages)
   * @param message the message, its signature already verified
   */
  ValidationResult validate(PeerId source, GossipMessage message);
}
