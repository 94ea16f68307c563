package io.ipfscluster.ipfs.blockstore;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import java.util.stream.Stream;

/**
 * A store of IPLD blocks keyed by multihash: the CIDv0 and CIDv1 of the same bytes, or the same
 * bytes under two codecs, share one block.
 *
 * <p>Blocks with an identity multihash are never stored: their bytes are the digest, so {@link
 * #has} is always true for them and {@link #get} returns the digest, as in kubo.
 *
 * <p><b>Durability.</b> A block is complete under its name once {@link #put} returns: a reader
 * never sees a partial block, even after a crash. The name itself is durable once {@link #sync()}
 * returns, so callers that record something that depends on blocks (a pin) call {@code sync()}
 * first.
 *
 * <p><b>Size.</b> {@link #usage()} is kept as blocks come and go, so it costs nothing to ask.
 *
 * <p>Implementations are thread-safe. Failures throw {@link BlockstoreException}: {@link
 * StorageFullException} when a block would go past {@code Datastore.StorageMax}, {@link
 * InvalidBlockException} when a block's bytes do not match its CID, {@link BlockstoreIoException}
 * when the disk fails.
 */
public interface Blockstore extends AutoCloseable {

  /** Whether the block is stored (always true for identity multihashes). */
  boolean has(Multihash key);

  /** The block's bytes, or {@code null} if it is not stored. */
  byte[] get(Multihash key);

  /**
   * The first {@code maxBytes} bytes of the block, or all of it when it is shorter, or {@code null}
   * if it is not stored. Cheaper than {@link #get} for a large block when only its start matters
   * (the links of a dag-pb node).
   */
  default byte[] getPrefix(Multihash key, int maxBytes) {
    byte[] all = get(key);
    return all == null || all.length <= maxBytes ? all : java.util.Arrays.copyOf(all, maxBytes);
  }

  /** The block's size in bytes, or -1 if it is not stored. */
  long sizeOf(Multihash key);

  /**
   * Stores a block that came from outside this node (a client, a CAR file, another peer), after
   * checking that {@code data} hashes to the multihash of {@code cid}.
   *
   * @return true if the block was written, false if it was already there
   * @throws InvalidBlockException if the bytes do not match, or the hash function is unknown here
   * @throws StorageFullException if the block would not fit under {@code Datastore.StorageMax}
   */
  default boolean put(Cid cid, byte[] data) {
    verify(cid, data);
    return putTrusted(cid.multihash(), data);
  }

  /**
   * Stores a block whose multihash this node computed itself from {@code data} (the importer), so
   * it is not hashed again.
   *
   * @return true if the block was written, false if it was already there
   * @throws StorageFullException if the block would not fit under {@code Datastore.StorageMax}
   */
  boolean putTrusted(Multihash key, byte[] data);

  /**
   * Removes a block.
   *
   * @return true if it was there
   */
  boolean delete(Multihash key);

  /**
   * Streams the keys of every stored block, in no particular order and without identity hashes.
   * Blocks written or deleted while the stream runs may or may not appear. Close the stream.
   */
  Stream<Multihash> keys();

  /** How much the blockstore holds and may hold. Cheap: kept as blocks come and go. */
  Usage usage();

  /** Makes every block stored so far durable, names included (see the class comment). */
  void sync();

  /**
   * Reclaims the disk space of deleted blocks where the layout does not do it at once (packs). Run
   * it while nothing else deletes blocks; the node runs it at the end of garbage collection.
   *
   * @return the bytes of disk space freed
   */
  default long compact() {
    return 0;
  }

  /** Syncs and releases the store. Idempotent. */
  @Override
  void close();

  /**
   * Checks that {@code data} hashes to the multihash of {@code cid}.
   *
   * @throws InvalidBlockException if it does not, or if the hash function is not one of {@link
   *     HashFunction}
   */
  static void verify(Cid cid, byte[] data) {
    Multihash mh = cid.multihash();
    if (mh.function().isEmpty()) {
      throw new InvalidBlockException(
          "cannot verify block "
              + cid
              + ": unsupported hash function 0x"
              + Long.toHexString(mh.code()));
    }
    if (!mh.matches(data)) {
      throw new InvalidBlockException(
          "block "
              + cid
              + " is corrupt: its "
              + data.length
              + " bytes do not hash to the CID's "
              + mh.function().orElseThrow().specName()
              + " multihash");
    }
  }

  /**
   * The blockstore's size account.
   *
   * @param bytes the bytes of all stored blocks
   * @param blocks the number of stored blocks
   * @param storageMax the most bytes the blockstore accepts ({@code Datastore.StorageMax})
   */
  record Usage(long bytes, long blocks, long storageMax) {}
}
