package io.ipfscluster.net.gossip;

/** What a {@link TopicValidator} decides about a message. */
public enum ValidationResult {
  /** Deliver it and forward it. */
  ACCEPT,
  /** Invalid: drop it, do not forward it, and log the sender at debug level. */
  REJECT,
  /** Not invalid but unwanted (stale, say): drop it quietly and do not forward it. */
  IGNORE
}
