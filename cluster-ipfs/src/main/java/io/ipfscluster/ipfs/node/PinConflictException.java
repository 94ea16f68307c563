package io.ipfscluster.ipfs.node;

/**
 * The CID's current pin forbids the operation: pinning directly what is pinned recursively,
 * unpinning non-recursively what is pinned recursively, removing a pinned block, or updating a pin
 * from a CID that is not pinned recursively. Messages are kubo's.
 *
 * <p>Immutable and thread-safe.
 */
public final class PinConflictException extends NodeException {
  private static final long serialVersionUID = 1L;

  PinConflictException(String message) {
    super(message, null);
  }
}
