package io.ipfscluster.ipfs.blockstore;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multihash;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a stream of blocks to a {@link Blockstore} from several virtual threads at once, so that
 * their fsyncs overlap (see {@link FlatFsBlockstore}), while the caller goes on producing blocks.
 * At most {@code parallelism} blocks are in flight; {@link #put} waits for a free slot, which also
 * bounds the memory held.
 *
 * <p>The first failure stops the writer: the next {@link #put} or {@link #flush()} throws it. It
 * remembers the blocks it newly wrote ({@link #created()}), so a failed import can take them back.
 *
 * <p>As a {@link BlockSink} it takes the importer's blocks, as trusted: the importer computed their
 * CIDs from their bytes.
 *
 * <p>Thread-safe, though meant for one producer: {@link #put} and {@link #flush()} may be called
 * from any thread.
 */
public final class ParallelBlockWriter implements BlockSink, AutoCloseable {
  private final Blockstore store;
  private final int parallelism;
  private final Semaphore slots;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Queue<Multihash> created = new ConcurrentLinkedQueue<>();

  /**
   * Creates a writer.
   *
   * @param parallelism the most blocks written at once, at least 1
   */
  public ParallelBlockWriter(Blockstore store, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.parallelism = parallelism;
    this.slots = new Semaphore(parallelism);
  }

  /**
   * Queues a block from outside this node; it is verified against its CID before it is written. The
   * array must not change afterwards.
   *
   * @throws BlockstoreException if an earlier block failed
   */
  public void put(Cid cid, byte[] data) {
    submit(cid.multihash(), () -> store.put(cid, data));
  }

  /**
   * Queues a block whose multihash this node computed from {@code data}. The array must not change
   * afterwards.
   *
   * @throws BlockstoreException if an earlier block failed
   */
  public void putTrusted(Multihash key, byte[] data) {
    submit(key, () -> store.putTrusted(key, data));
  }

  /** Queues a block of the importer (see {@link #putTrusted}). */
  @Override
  public void accept(Block block) {
    putTrusted(block.cid().multihash(), block.data());
  }

  private interface Write {
    boolean run();
  }

  private void submit(Multihash key, Write write) {
    rethrow();
    acquire(1);
    try {
      threads.execute(
          () -> {
            try {
              if (failure.get() == null && write.run()) {
                created.add(key);
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } finally {
              slots.release();
            }
          });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  /**
   * Waits until every queued block is written, then {@link Blockstore#sync() syncs} the store.
   *
   * @throws BlockstoreException the first failure of any block
   */
  public void flush() {
    drain();
    rethrow();
    store.sync();
  }

  /** The keys of the blocks this writer wrote that were not in the store before. */
  public List<Multihash> created() {
    return new ArrayList<>(created);
  }

  /** Waits for the blocks in flight and stops the writer, without syncing. Idempotent. */
  @Override
  public void close() {
    drain();
    threads.close();
  }

  private void drain() {
    acquire(parallelism);
    slots.release(parallelism);
  }

  private void acquire(int permits) {
    try {
      slots.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlockstoreIoException(
          "interrupted while writing blocks", new InterruptedIOException(e.getMessage()));
    }
  }

  private void rethrow() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
