package io.ipfscluster.monitor;

import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipMessage;
import io.ipfscluster.net.gossip.MessageHandler;
import io.ipfscluster.net.gossip.MessageId;
import io.ipfscluster.net.gossip.PubSub;
import io.ipfscluster.net.gossip.Subscription;
import io.ipfscluster.net.gossip.TopicValidator;
import io.ipfscluster.net.gossip.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pub/sub of one peer without a network: what it publishes is recorded, and {@link #deliver}
 * hands it a message as the router would (validator first, then the handler, unless rejected).
 * Signatures are not checked: the router does that before the validator. Thread-safe.
 */
final class LoopbackPubSub implements PubSub {
  private final PeerId self;
  private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final List<byte[]> published = new CopyOnWriteArrayList<>();
  private final AtomicLong seqno = new AtomicLong();

  LoopbackPubSub(PeerId self) {
    this.self = self;
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    if (handlers.putIfAbsent(topic, handler) != null) {
      throw new IllegalStateException("already subscribed to " + topic);
    }
    return new Subscription() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public void close() {
        handlers.remove(topic, handler);
      }
    };
  }

  /** Records {@code data} and delivers it back to this peer, as a router does. */
  @Override
  public MessageId publish(String topic, byte[] data) {
    published.add(data.clone());
    ValidationResult verdict = deliver(self, topic, data);
    if (verdict == ValidationResult.REJECT) {
      throw new IllegalArgumentException("the validator rejected this peer's own message");
    }
    return new MessageId(self, seqno.get());
  }

  @Override
  public void setValidator(String topic, TopicValidator validator) {
    validators.put(topic, validator);
  }

  /** A message of {@code from} on {@code topic}: validated, then delivered unless refused. */
  ValidationResult deliver(PeerId from, String topic, byte[] data) {
    GossipMessage m = new GossipMessage(from, seqno.incrementAndGet(), topic, data, new byte[64]);
    TopicValidator v = validators.get(topic);
    ValidationResult verdict = v == null ? ValidationResult.ACCEPT : v.validate(from, m);
    MessageHandler h = handlers.get(topic);
    if (verdict == ValidationResult.ACCEPT && h != null) {
      h.onMessage(m);
    }
    return verdict;
  }

  /** Everything published so far, oldest first. */
  List<byte[]> published() {
    return List.copyOf(published);
  }

  boolean subscribed(String topic) {
    return handlers.containsKey(topic);
  }
}
