package io.ipfscluster.components;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.multiformats.Cid;
import java.util.stream.Stream;

/**
 * Makes this peer's IPFS node pin what the pinset allocates to this peer, and reports the status of
 * every pin here (spec §8.4). Operations are queued and run by workers; {@link #track} and {@link
 * #untrack} return once queued. Implementations are thread-safe.
 */
public interface PinTracker extends AutoCloseable {

  /** Starts pinning {@code pin} here when it is allocated here, else makes sure it is not. */
  void track(Pin pin);

  /** Starts unpinning {@code cid} here. */
  void untrack(Cid cid);

  /** Streams the local status of the pins that match {@code filter}. Close the stream. */
  Stream<PinInfo> statusAll(StatusFilter filter);

  /** The local status of {@code cid}. */
  PinInfo status(Cid cid);

  /** Re-queues every failed operation; streams the status of what was re-queued. */
  Stream<PinInfo> recoverAll();

  /** Re-queues the failed operation of {@code cid}, if any; returns its status. */
  PinInfo recover(Cid cid);

  /** How many pin operations are queued. */
  long pinQueueSize();

  /** Stops the workers. Idempotent. */
  @Override
  void close();
}
