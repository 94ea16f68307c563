package io.ipfscluster.net.gossip;

import java.util.List;

/**
 * One unit sent between two neighbours: subscription changes, messages and the mesh control
 * messages (IHAVE, IWANT, GRAFT, PRUNE). Any part may be empty. Immutable.
 */
record Frame(
    List<SubscriptionChange> subscriptions,
    List<GossipMessage> messages,
    List<IHave> ihave,
    List<MessageId> iwant,
    List<String> graft,
    List<String> prune) {
  Frame {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    ihave = List.copyOf(ihave);
    iwant = List.copyOf(iwant);
    graft = List.copyOf(graft);
    prune = List.copyOf(prune);
  }

  /** The sender subscribed to ({@code subscribe}) or left {@code topic}. */
  record SubscriptionChange(String topic, boolean subscribe) {}

  /** The sender has recently seen these messages on {@code topic}. */
  record IHave(String topic, List<MessageId> ids) {
    IHave {
      ids = List.copyOf(ids);
    }
  }

  boolean isEmpty() {
    return subscriptions.isEmpty()
        && messages.isEmpty()
        && ihave.isEmpty()
        && iwant.isEmpty()
        && graft.isEmpty()
        && prune.isEmpty();
  }
}
