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
 *
 * <p>Failures are {@link ClusterException}s: an operation that cannot be queued because its queue
 * is full (the pin stays in the pinset; recover retries it), or an IPFS node that cannot list its
 * pins for {@link #statusAll} and {@link #recoverAll}. Statuses of single CIDs report failures as
 * {@code cluster_error} instead of throwing.
 */
public interface PinTracker extends AutoCloseable {

  /**
   * Starts pinning {@code pin} here when it is allocated here, else makes sure it is not.
   *
   * @throws ClusterException when the operation cannot be queued
   */
  void track(Pin pin);

  /**
   * Starts unpinning {@code cid} here.
   *
   * @throws ClusterException when the operation cannot be queued
   */
  void untrack(Cid cid);

  /**
   * Streams the local status of the pins that match {@code filter}, in CID byte order (so that the
   * peers' answers merge into a global status without holding the pinset). Close the stream.
   *
   * @throws ClusterException when the IPFS node cannot list its pins
   */
  Stream<PinInfo> statusAll(StatusFilter filter);

  /** The local status of {@code cid}. */
  PinInfo status(Cid cid);

  /**
   * Re-queues every failed operation; streams the status of what was re-queued, in CID byte order.
   *
   * @throws ClusterException when the IPFS node cannot list its pins, or (from the stream) when a
   *     queue is full
   */
  Stream<PinInfo> recoverAll();

  /**
   * Re-queues the failed operation of {@code cid}, if any; returns its status.
   *
   * @throws ClusterException when the operation cannot be queued
   */
  PinInfo recover(Cid cid);

  /** How many pin operations are queued. */
  long pinQueueSize();

  /** Stops the workers. Idempotent. */
  @Override
  void close();
}
