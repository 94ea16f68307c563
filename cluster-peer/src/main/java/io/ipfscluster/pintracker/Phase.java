package io.ipfscluster.pintracker;

/** Where an {@link Operation} stands. Thread-safe: an enum. */
enum Phase {
  /** The last attempt failed; the operation stays, with its error, until recovered or replaced. */
  ERROR,
  /** Waiting in a queue for a worker. */
  QUEUED,
  /** A worker is calling IPFS. */
  IN_PROGRESS,
  /** Finished; the tracker drops the operation. */
  DONE;

  /** Whether an operation in this phase is still going to act (queued or in progress). */
  boolean live() {
    return this == QUEUED || this == IN_PROGRESS;
  }
}
