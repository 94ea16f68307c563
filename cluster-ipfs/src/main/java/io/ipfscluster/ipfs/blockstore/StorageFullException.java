package io.ipfscluster.ipfs.blockstore;

/**
 * A block was refused because storing it would take the blockstore past {@code
 * Datastore.StorageMax}. Carries the numbers an operator needs to decide between raising the limit
 * and collecting garbage.
 *
 * <p>Immutable and thread-safe.
 */
public final class StorageFullException extends BlockstoreException {
  private static final long serialVersionUID = 1L;

  private final long used;
  private final long storageMax;
  private final long requested;

  StorageFullException(String block, long requested, long used, long storageMax) {
    super(
        "cannot store block "
            + block
            + " ("
            + requested
            + " bytes): the repository holds "
            + used
            + " of "
            + storageMax
            + " bytes allowed by Datastore.StorageMax; raise Datastore.StorageMax or run repo/gc",
        null);
    this.used = used;
    this.storageMax = storageMax;
    this.requested = requested;
  }

  /** The bytes the blockstore held when the block was refused. */
  public long used() {
    return used;
  }

  /** The configured limit, in bytes. */
  public long storageMax() {
    return storageMax;
  }

  /** The size of the refused block, in bytes. */
  public long requested() {
    return requested;
  }
}
