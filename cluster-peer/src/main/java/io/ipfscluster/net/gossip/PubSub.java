package io.ipfscluster.net.gossip;

/**
 * Topic-based publish/subscribe among the cluster peers: what the peer monitor (metrics) and the
 * CRDT consensus (heads) use. Implementations are thread-safe.
 */
public interface PubSub {
  /**
   * Subscribes to {@code topic}: {@code handler} receives each valid message on it once.
   *
   * @throws IllegalStateException if this peer is already subscribed to {@code topic}
   */
  Subscription subscribe(String topic, MessageHandler handler);

  /**
   * Signs {@code data} and sends it to the peers of {@code topic}; this peer need not be
   * subscribed.
   *
   * @return the new message's ID
   * @throws IllegalArgumentException if the message exceeds the frame size, or this peer's own
   *     validator of {@code topic} rejects it
   */
  MessageId publish(String topic, byte[] data);

  /**
   * Sets the validator of {@code topic}, replacing any other; until one is set every message with a
   * valid signature is accepted.
   */
  void setValidator(String topic, TopicValidator validator);
}
