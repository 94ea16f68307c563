package io.ipfscluster.ipfs.node;

/**
 * An operation of the embedded node failed for a reason its caller can act on. The message is
 * kubo's where kubo has one (clients such as the cluster's connector match on it), else one that
 * names the CID and the cause.
 *
 * <ul>
 *   <li>{@link NotPinnedException}: the CID is not pinned (the way asked).
 *   <li>{@link PinConflictException}: the CID is pinned in a way that forbids the operation.
 *   <li>{@link BlockNotFoundException}: a block is neither stored nor supplied by the block source.
 *   <li>{@link UnsupportedCodecException}: a block's codec is one whose links the node cannot read.
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public abstract sealed class NodeException extends RuntimeException
    permits NotPinnedException,
        PinConflictException,
        BlockNotFoundException,
        UnsupportedCodecException {
  private static final long serialVersionUID = 1L;

  NodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
