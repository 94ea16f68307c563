package io.ipfscluster.ipfs.blockstore;

/**
 * A blockstore operation failed for a reason the caller can act on: the repository is full ({@link
 * StorageFullException}), a block's bytes do not match its hash ({@link InvalidBlockException}), or
 * the disk failed ({@link BlockstoreIoException}). The message names the block and the cause; the
 * underlying error, if any, is kept as the cause.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public abstract sealed class BlockstoreException extends RuntimeException
    permits StorageFullException, InvalidBlockException, BlockstoreIoException {
  private static final long serialVersionUID = 1L;

  BlockstoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
