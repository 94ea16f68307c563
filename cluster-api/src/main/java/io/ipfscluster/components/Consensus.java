package io.ipfscluster.components;

import io.ipfscluster.api.Pin;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the pinset shared by the cluster's peers consistent: writes go through it, and it tells the
 * local pin tracker what to track when pins arrive from any peer (spec §1.1, §8.7, §8.8).
 *
 * <p>{@link #logPin} and {@link #logUnpin} return once the change is durable (batched writes share
 * one commit; a returned call survives a crash). Implementations are thread-safe.
 */
public interface Consensus extends AutoCloseable {

  /**
   * Blocks until the consensus can take writes, or {@code timeout} passes; returns whether ready.
   */
  boolean awaitReady(Duration timeout);

  /** Adds or replaces a pin in the shared pinset. */
  void logPin(Pin pin);

  /** Removes a pin from the shared pinset. */
  void logUnpin(Pin pin);

  /** Adds a peer to the consensus peer set (raft) or trusts it (crdt). */
  void addPeer(PeerId peer);

  /** Removes a peer from the consensus peer set. */
  void removePeer(PeerId peer);

  /** The shared pinset, read-only. */
  PinsetView state();

  /** The current leader (raft); crdt has none and throws. */
  PeerId leader();

  /** Blocks until this peer has applied everything the cluster committed (raft). */
  void waitForSync(Duration timeout);

  /** The peers taking part in consensus. */
  List<PeerId> peers();

  /** Whether {@code peer} is trusted to modify the pinset. */
  boolean isTrustedPeer(PeerId peer);

  /** Trusts {@code peer}. */
  void trust(PeerId peer);

  /** Stops trusting {@code peer}. */
  void distrust(PeerId peer);

  /** Stops the consensus, committing pending writes. Idempotent. */
  @Override
  void close();
}
