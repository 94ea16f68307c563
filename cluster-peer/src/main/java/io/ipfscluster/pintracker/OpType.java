package io.ipfscluster.pintracker;

import io.ipfscluster.api.TrackerStatus;

/** What an {@link Operation} does to its CID in IPFS. Thread-safe: an enum. */
enum OpType {
  /** Pin the CID: it is allocated here. */
  PIN,
  /** Unpin the CID: it left the pinset. */
  UNPIN,
  /** Make sure the CID is not pinned here: it is allocated to other peers. */
  REMOTE,
  /**
   * A sharded DAG's root, never pinned. The original defines it and so do we, for the status it
   * maps to; like the original, the tracker ignores meta pins instead of creating such operations.
   */
  SHARD;

  /** The status an operation of this type reports in {@code phase} (spec §8.4). */
  TrackerStatus status(Phase phase) {
    return switch (this) {
      case PIN ->
          switch (phase) {
            case ERROR -> TrackerStatus.PIN_ERROR;
            case QUEUED -> TrackerStatus.PIN_QUEUED;
            case IN_PROGRESS -> TrackerStatus.PINNING;
            case DONE -> TrackerStatus.PINNED;
          };
      case UNPIN ->
          switch (phase) {
            case ERROR -> TrackerStatus.UNPIN_ERROR;
            case QUEUED -> TrackerStatus.UNPIN_QUEUED;
            case IN_PROGRESS -> TrackerStatus.UNPINNING;
            case DONE -> TrackerStatus.UNPINNED;
          };
      case REMOTE -> TrackerStatus.REMOTE;
      case SHARD -> TrackerStatus.SHARDED;
    };
  }
}
