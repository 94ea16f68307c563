package io.ipfscluster.ipfs.node;

import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.blockstore.ParallelBlockWriter;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multihash;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * One import of blocks into the node ({@code add}, {@code dag/import}, {@code block/put}): all or
 * nothing. Blocks are written in parallel as they come; {@link #commit()} makes them durable, and
 * {@link #pin} pins a root of them; closing an import that was not committed takes back the blocks
 * it wrote that no other operation uses (see {@link WriteClaims}).
 *
 * <p>While open, the import holds the node's collection lock in shared mode: garbage collection
 * waits for it, so its blocks cannot be collected before they are pinned.
 *
 * <pre>{@code
 * try (BlockImport im = node.beginImport()) {
 *   importer.run(input, im.sink());
 *   im.pin(root, "name");   // or im.commit() to keep the blocks unpinned
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one producer uses it; the writes themselves run in parallel.
 */
public final class BlockImport implements AutoCloseable {
  private final WriteClaims.Session session;
  private final ParallelBlockWriter writer;
  private final Pinner pinner;
  private final BlockFetcher fetcher;
  private final Lock sharedGcLock;
  private boolean committed;
  private boolean closed;

  BlockImport(
      WriteClaims claims,
      Blockstore store,
      int parallelism,
      Pinner pinner,
      BlockFetcher fetcher,
      Lock sharedGcLock) {
    this.sharedGcLock = sharedGcLock;
    sharedGcLock.lock();
    this.session = claims.open();
    this.writer = new ParallelBlockWriter(session.blockstore(), parallelism);
    this.pinner = pinner;
    this.fetcher = fetcher;
  }

  /**
   * Queues a block from outside (a client, a CAR file); it is verified against its CID.
   *
   * @throws io.ipfscluster.ipfs.blockstore.BlockstoreException if an earlier block failed
   */
  public void put(Cid cid, byte[] data) {
    writer.put(cid, data);
  }

  /** Queues a block whose multihash this node computed from {@code data}. */
  public void putTrusted(Multihash key, byte[] data) {
    writer.putTrusted(key, data);
  }

  /** The importer's view of this import: each block is written as trusted. */
  public BlockSink sink() {
    return writer;
  }

  /**
   * Waits for every block and makes them durable, keeping them unpinned.
   *
   * @throws io.ipfscluster.ipfs.blockstore.BlockstoreException the first failure of any block
   */
  public void commit() {
    writer.flush();
    committed = true;
    fetcher.blocksArrived();
  }

  /**
   * Commits, then pins {@code root}: recursively (its whole DAG must be present or fetchable) or
   * directly. If pinning fails, the import is taken back when closed.
   */
  public void pin(Cid root, boolean recursive, String name) throws InterruptedException {
    writer.flush();
    fetcher.blocksArrived();
    if (recursive) {
      pinner.pinRecursive(root, name, new AtomicLong(), session);
    } else {
      pinner.pinDirect(root, name);
    }
    committed = true;
  }

  /** Stops the writes; if the import was not committed, takes its blocks back. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
      if (!committed) {
        session.rollback();
      }
    } finally {
      session.close();
      sharedGcLock.unlock();
    }
  }
}
