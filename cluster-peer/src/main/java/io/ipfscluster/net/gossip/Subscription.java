package io.ipfscluster.net.gossip;

/** A topic subscription; closing it leaves the topic. Closing twice does nothing. Thread-safe. */
public interface Subscription extends AutoCloseable {
  /** The topic subscribed to. */
  String topic();

  /** Leaves the topic: no more messages reach the handler, the mesh peers are pruned. */
  @Override
  void close();
}
