package io.ipfscluster.ipfs.node;

/**
 * The CID is not pinned, or not pinned the way the operation needs. Messages are kubo's: {@code not
 * pinned or pinned indirectly} (unpin) and {@code path '<arg>' is not pinned} (listing).
 *
 * <p>Immutable and thread-safe.
 */
public final class NotPinnedException extends NodeException {
  private static final long serialVersionUID = 1L;

  NotPinnedException(String message) {
    super(message, null);
  }
}
