package io.ipfscluster.ipfs.blockstore;

import io.ipfscluster.datastore.Batch;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.Varint;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Blockstore} that appends blocks to large pack files and keeps where each one is in a
 * {@link Datastore} (RocksDB): {@code <folder>/<00000001>.pack}, each block a record {@code
 * varint(len(multihash)) multihash varint(len(data)) data}, and the index {@code multihash → (pack,
 * offset, length)}. The default layout of the embedded node. The files themselves are {@link
 * PackFiles}'s.
 *
 * <p>{@code StorageMax} limits the bytes of live blocks; deleted blocks keep their disk space until
 * {@link #compact()} (run by garbage collection) rewrites their packs.
 *
 * <p>Thread-safe: blocks are written from many threads at once, each into its own region of the
 * current pack. Closing syncs; a second store on the same folder fails to open.
 */
public final class PackBlockstore implements Blockstore {
  /*
   * Why packs rather than one file per block (FlatFsBlockstore, kubo's flatfs): creating a file
   * costs this machine's kernel about a millisecond of system time, and a GiB of 256 KiB blocks is
   * 4,096 of them. Measured with the importer on 1 GiB (BENCHMARKS.md, "Embedded IPFS node"):
   * flatfs with an fsync per block took 3.4-6.9 s, without fsyncs 4.2-7.6 s, while appending the
   * same blocks to one file and indexing them in RocksDB took 1.0-1.4 s, about cp + sync. Packs
   * also keep the walk of a pin cheap: the index answers has() without touching the file system,
   * and a block's first bytes are one pread away, without an open and a close.
   *
   * Durability: a put writes its record and makes the block visible at once through an in-memory
   * table of pending locations. sync() fsyncs the packs those records went to, then writes their
   * index entries in one synced RocksDB batch, and only then forgets them as pending. So an index
   * entry always points at bytes already on disk, and a crash loses at most blocks written since
   * the last sync(), whole: their bytes stay in a pack as dead space, never half a block under a
   * name. Callers sync() before recording anything that needs the blocks (a pin).
   *
   * Space: deleting a block removes its index entry; its bytes become dead space in its pack.
   * compact() (run after garbage collection) rewrites the live blocks of packs that are mostly
   * dead into the current pack and deletes the old files; packs with nothing live left, such as
   * the tail written before a crash, are deleted outright. Each open starts a new pack, so no pack
   * is appended to after a crash.
   *
   * The size account (bytes and number of live blocks) is kept in memory and written with every
   * index change, in the same batch, so it survives a crash exactly as the index does.
   */
  private static final Logger log = LoggerFactory.getLogger(PackBlockstore.class);

  /** Packs are closed for writing once they pass this size. */
  static final long PACK_BYTES = 256L << 20;

  /** Packs whose live bytes are below this share of their size are rewritten by compact(). */
  static final double COMPACT_BELOW = 0.5;

  private static final byte[] USAGE_KEY = {0};
  private static final byte KEY_PREFIX = 'k';
  private static final int STRIPES = 256;

  private final Path folder;
  private final Datastore index;
  private final long storageMax;
  private final boolean fsync;
  private final PackFiles packs;
  private final FolderLock lock;
  private final AtomicLong bytes;
  private final AtomicLong blocks;
  private long durableBytes; // guarded by gate's write lock
  private long durableBlocks;
  private final ConcurrentHashMap<Multihash, Location> pending = new ConcurrentHashMap<>();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile boolean closed;

  /** Where a block's data is: pack, offset of the data, its length. */
  record Location(int pack, long offset, int length) {
    byte[] encode() {
      byte[] out = new byte[Varint.size(pack) + Varint.size(offset) + Varint.size(length)];
      int pos = Varint.write(pack, out, 0);
      pos = Varint.write(offset, out, pos);
      Varint.write(length, out, pos);
      return out;
    }

    static Location decode(byte[] in) {
      long pack = Varint.read(in, 0);
      int pos = Varint.size(pack);
      long offset = Varint.read(in, pos);
      pos += Varint.size(offset);
      long length = Varint.read(in, pos);
      return new Location((int) pack, offset, (int) length);
    }
  }

  private PackBlockstore(
      Path folder,
      Datastore index,
      long storageMax,
      boolean fsync,
      FolderLock lock,
      long bytes,
      long blocks,
      PackFiles packs) {
    this.folder = folder;
    this.packs = packs;
    this.index = index;
    this.storageMax = storageMax;
    this.fsync = fsync;
    this.lock = lock;
    this.bytes = new AtomicLong(bytes);
    this.blocks = new AtomicLong(blocks);
    this.durableBytes = bytes;
    this.durableBlocks = blocks;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Opens the blockstore whose packs are in {@code folder} and whose index is {@code index} (a
   * namespace of the node's datastore, used by nothing else).
   *
   * @param storageMax the most bytes of live blocks to accept
   * @param fsync whether to fsync packs and the index; false only for tests and benchmarks
   * @throws BlockstoreIoException if the folder cannot be created or read, or another store holds
   *     it
   */
  public static PackBlockstore open(Path folder, Datastore index, long storageMax, boolean fsync) {
    return open(folder, index, storageMax, fsync, PACK_BYTES);
  }

  /** {@link #open(Path, Datastore, long, boolean)} with packs closed at {@code packBytes}. */
  static PackBlockstore open(
      Path folder, Datastore index, long storageMax, boolean fsync, long packBytes) {
    if (storageMax <= 0) {
      throw new IllegalArgumentException("storageMax must be positive, got " + storageMax);
    }
    Path absolute = folder.toAbsolutePath();
    FolderLock lock = null;
    try {
      Files.createDirectories(absolute);
      lock = FolderLock.acquire(absolute);
      long[] usage = readUsage(index);
      PackFiles packs = new PackFiles(absolute, packBytes, fsync);
      log.debug("opened blockstore at {}: {} blocks, {} bytes", absolute, usage[1], usage[0]);
      return new PackBlockstore(
          absolute, index, storageMax, fsync, lock, usage[0], usage[1], packs);
    } catch (IOException e) {
      if (lock != null) {
        lock.close();
      }
      throw new BlockstoreIoException("cannot open the blockstore at " + absolute, e);
    }
  }

  private static long[] readUsage(Datastore index) {
    byte[] value = index.get(USAGE_KEY);
    if (value == null) {
      return new long[2];
    }
    long bytes = Varint.read(value, 0);
    long blocks = Varint.read(value, Varint.size(bytes));
    return new long[] {bytes, blocks};
  }

  /** The folder holding the packs. */
  public Path folder() {
    return folder;
  }

  // --- reads

  private Location locate(Multihash key) {
    Location location = pending.get(key);
    if (location != null) {
      return location;
    }
    byte[] value = index.get(indexKey(key));
    return value == null ? null : Location.decode(value);
  }

  @Override
  public boolean has(Multihash key) {
    if (isIdentity(key)) {
      return true;
    }
    checkOpen();
    return pending.containsKey(key) || index.has(indexKey(key));
  }

  @Override
  public byte[] get(Multihash key) {
    return read(key, Integer.MAX_VALUE);
  }

  @Override
  public byte[] getPrefix(Multihash key, int maxBytes) {
    return read(key, maxBytes);
  }

  private byte[] read(Multihash key, int maxBytes) {
    if (isIdentity(key)) {
      byte[] digest = key.digest();
      return digest.length <= maxBytes ? digest : java.util.Arrays.copyOf(digest, maxBytes);
    }
    checkOpen();
    // A block moved by compaction may vanish from its old pack between the lookup and the read:
    // look it up again.
    for (int attempt = 0; ; attempt++) {
      Location location = locate(key);
      if (location == null) {
        return null;
      }
      try {
        return packs.read(location, Math.min(maxBytes, location.length()));
      } catch (NoSuchFileException | ClosedChannelException e) {
        if (attempt >= 2) {
          throw new BlockstoreIoException("cannot read block " + key, e);
        }
      } catch (IOException e) {
        throw new BlockstoreIoException(
            "cannot read block " + key + " from pack " + location.pack(), e);
      }
    }
  }

  @Override
  public long sizeOf(Multihash key) {
    if (isIdentity(key)) {
      return key.digestLength();
    }
    checkOpen();
    Location location = locate(key);
    return location == null ? -1 : location.length();
  }

  // --- writes

  @Override
  public boolean putTrusted(Multihash key, byte[] data) {
    Objects.requireNonNull(data, "data");
    if (isIdentity(key)) {
      return false;
    }
    checkOpen();
    if (has(key)) {
      return false;
    }
    ReentrantLock stripe = stripes[Math.floorMod(key.hashCode(), STRIPES)];
    gate.readLock().lock();
    stripe.lock();
    try {
      if (has(key)) {
        return false;
      }
      reserve(key, data.length);
      try {
        pending.put(key, packs.append(key, data));
      } catch (IOException e) {
        bytes.addAndGet(-data.length);
        throw new BlockstoreIoException("cannot write block " + key + " to " + folder, e);
      } catch (RuntimeException e) {
        bytes.addAndGet(-data.length);
        throw e;
      }
      blocks.incrementAndGet();
      return true;
    } finally {
      stripe.unlock();
      gate.readLock().unlock();
    }
  }

  private void reserve(Multihash key, long size) {
    while (true) {
      long used = bytes.get();
      if (used + size > storageMax) {
        throw new StorageFullException(key.toString(), size, used, storageMax);
      }
      if (bytes.compareAndSet(used, used + size)) {
        return;
      }
    }
  }

  @Override
  public boolean delete(Multihash key) {
    if (isIdentity(key)) {
      return false;
    }
    checkOpen();
    gate.writeLock().lock();
    try {
      Location unsynced = pending.remove(key);
      if (unsynced != null) {
        bytes.addAndGet(-unsynced.length());
        blocks.decrementAndGet();
        return true;
      }
      byte[] value = index.get(indexKey(key));
      if (value == null) {
        return false;
      }
      int length = Location.decode(value).length();
      durableBytes -= length;
      durableBlocks--;
      try (Batch batch = index.newBatch()) {
        batch.delete(indexKey(key));
        batch.put(USAGE_KEY, usageValue());
        batch.commit(false);
      }
      bytes.addAndGet(-length);
      blocks.decrementAndGet();
      return true;
    } finally {
      gate.writeLock().unlock();
    }
  }

  @Override
  public void sync() {
    checkOpen();
    if (pending.isEmpty()) {
      return; // most pins of a busy cluster wrote no block: no lock, no copy
    }
    syncLock.lock();
    try {
      Map<Multihash, Location> batch = new HashMap<>(pending);
      if (batch.isEmpty()) {
        return;
      }
      if (fsync) {
        forcePacks(batch);
      }
      gate.writeLock().lock();
      try (Batch writes = index.newBatch()) {
        List<Multihash> written = new ArrayList<>();
        for (Map.Entry<Multihash, Location> e : batch.entrySet()) {
          // Deleted (or moved) since the snapshot: not this batch's to index.
          if (pending.get(e.getKey()) == e.getValue()) {
            writes.put(indexKey(e.getKey()), e.getValue().encode());
            durableBytes += e.getValue().length();
            durableBlocks++;
            written.add(e.getKey());
          }
        }
        writes.put(USAGE_KEY, usageValue());
        writes.commit(fsync);
        for (Multihash key : written) {
          pending.remove(key, batch.get(key));
        }
      } finally {
        gate.writeLock().unlock();
      }
    } finally {
      syncLock.unlock();
    }
  }

  private void forcePacks(Map<Multihash, Location> batch) {
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (Location location : batch.values()) {
      ids.add(location.pack());
    }
    try {
      packs.force(ids);
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot sync the packs in " + folder, e);
    }
  }

  private byte[] usageValue() {
    byte[] out = new byte[Varint.size(durableBytes) + Varint.size(durableBlocks)];
    Varint.write(durableBlocks, out, Varint.write(durableBytes, out, 0));
    return out;
  }

  // --- listing, compaction, lifecycle

  @Override
  public Stream<Multihash> keys() {
    checkOpen();
    List<Multihash> unsynced = new ArrayList<>(pending.keySet());
    Cursor cursor = index.iterate(new byte[] {KEY_PREFIX});
    Iterator<Multihash> durable =
        new Iterator<>() {
          private Multihash next;

          @Override
          public boolean hasNext() {
            while (next == null && cursor.next()) {
              byte[] k = cursor.key();
              Multihash key = Multihash.fromBytes(java.util.Arrays.copyOfRange(k, 1, k.length));
              if (!pending.containsKey(key)) {
                next = key;
              }
            }
            return next != null;
          }

          @Override
          public Multihash next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Multihash out = next;
            next = null;
            return out;
          }
        };
    return Stream.concat(
            unsynced.stream(),
            StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(durable, Spliterator.ORDERED), false))
        .onClose(cursor::close);
  }

  /**
   * Reclaims the space of deleted blocks: rewrites the live blocks of packs that are less than half
   * live into the current pack, and deletes packs with nothing live. Run it while no other
   * operation deletes blocks (the node runs it inside garbage collection).
   *
   * @return the bytes of pack files removed
   */
  @Override
  public long compact() {
    checkOpen();
    // Lock order everywhere: syncLock, then the gate (sync() takes both in that order).
    syncLock.lock();
    gate.writeLock().lock();
    try {
      sync();
      Map<Integer, Long> live = new TreeMap<>();
      try (Cursor cursor = index.iterate(new byte[] {KEY_PREFIX})) {
        while (cursor.next()) {
          Location location = Location.decode(cursor.value());
          live.merge(location.pack(), (long) location.length(), Long::sum);
        }
      }
      int current = packs.activeId();
      List<Integer> rewrite = new ArrayList<>();
      long freed = 0;
      for (int id : packs.ids()) {
        if (id == current) {
          continue;
        }
        long size = packs.size(id);
        long liveBytes = live.getOrDefault(id, 0L);
        if (liveBytes == 0) {
          packs.remove(id);
          freed += size;
        } else if (liveBytes < COMPACT_BELOW * size) {
          rewrite.add(id);
          freed += size - liveBytes;
        }
      }
      if (!rewrite.isEmpty()) {
        relocate(rewrite);
      }
      if (freed > 0) {
        log.info("compacted the blockstore at {}: {} bytes of packs freed", folder, freed);
      }
      return freed;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot compact the packs in " + folder, e);
    } finally {
      gate.writeLock().unlock();
      syncLock.unlock();
    }
  }

  /** Copies every live block of {@code packs} into the current pack, then deletes them. */
  private void relocate(List<Integer> ids) throws IOException {
    java.util.Set<Integer> moving = new java.util.HashSet<>(ids);
    List<Multihash> keys = new ArrayList<>();
    try (Cursor cursor = index.iterate(new byte[] {KEY_PREFIX})) {
      while (cursor.next()) {
        if (moving.contains(Location.decode(cursor.value()).pack())) {
          byte[] k = cursor.key();
          keys.add(Multihash.fromBytes(java.util.Arrays.copyOfRange(k, 1, k.length)));
        }
      }
    }
    for (Multihash key : keys) {
      byte[] data = packs.read(locate(key), sizeOfDurable(key));
      pending.put(key, packs.append(key, data));
    }
    // The moved blocks are counted already: sync() must not count them again.
    long movedBytes = 0;
    for (Multihash key : keys) {
      movedBytes += pending.get(key).length();
    }
    durableBytes -= movedBytes;
    durableBlocks -= keys.size();
    sync();
    for (int id : ids) {
      packs.remove(id);
    }
  }

  private int sizeOfDurable(Multihash key) {
    return Location.decode(index.get(indexKey(key))).length();
  }

  @Override
  public Usage usage() {
    return new Usage(bytes.get(), blocks.get(), storageMax);
  }

  /** Syncs, then releases the packs. Does not close the index's datastore. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      sync();
    } catch (BlockstoreException e) {
      log.warn("syncing the blockstore at {} on close failed", folder, e);
    } finally {
      closed = true;
      packs.close();
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "blockstore at " + folder;
  }

  private static byte[] indexKey(Multihash key) {
    byte[] mh = key.toBytes();
    byte[] out = new byte[mh.length + 1];
    out[0] = KEY_PREFIX;
    System.arraycopy(mh, 0, out, 1, mh.length);
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the blockstore at " + folder + " is closed");
    }
  }

  private static boolean isIdentity(Multihash key) {
    return key.code() == HashFunction.IDENTITY.code();
  }
}
