package io.ipfscluster.ipfs.blockstore;

import java.io.IOException;

/**
 * The disk under the blockstore failed (full file system, permissions, I/O error). The message
 * names the operation and the file; the {@link IOException} is the cause.
 *
 * <p>Immutable and thread-safe.
 */
public final class BlockstoreIoException extends BlockstoreException {
  private static final long serialVersionUID = 1L;

  BlockstoreIoException(String message, IOException cause) {
    super(message + ": " + cause, cause);
  }
}
