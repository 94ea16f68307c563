package io.ipfscluster.pintracker;

import io.ipfscluster.components.ClusterException;

/**
 * A pin or unpin operation could not be queued because its queue holds {@code
 * pin_tracker.stateless.max_pin_queue_size} operations already. The message is the original's;
 * {@link #setting()} and {@link #limit()} tell an operator what to raise and from what.
 */
public final class OperationQueueFullException extends ClusterException {
  private static final long serialVersionUID = 1L;

  /** The original's message. */
  public static final String MESSAGE =
      "pin/unpin operation queue is full. Try increasing max_pin_queue_size";

  private final int limit;

  OperationQueueFullException(int limit) {
    super(Kind.FAILED, MESSAGE);
    this.limit = limit;
  }

  /** The configuration key that bounds the queues. */
  public String setting() {
    return "pin_tracker.stateless.max_pin_queue_size";
  }

  /** Its current value: how many operations each queue holds. */
  public int limit() {
    return limit;
  }
}
