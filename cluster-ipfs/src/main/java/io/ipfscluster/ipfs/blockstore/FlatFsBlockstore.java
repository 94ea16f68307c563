package io.ipfscluster.ipfs.blockstore;

import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multibase;
import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Blockstore} on disk, one file per block, in kubo's flatfs layout: {@code
 * <folder>/<XY>/<KEY>.data}, where {@code KEY} is the multihash in unpadded upper-case base32 and
 * {@code XY} its next-to-last two characters (1,024 shard folders).
 *
 * <p>Thread-safe: any number of threads read and write at once; writes of different blocks run in
 * parallel. The folder is locked for the store's lifetime, so a second store (in this process or
 * another) cannot open it.
 */
public final class FlatFsBlockstore implements Blockstore {
  /*
   * Writing a block: the bytes go to a temporary file in the block's shard folder, which is
   * fsynced and then renamed to the block's name. A block under its final name is therefore always
   * complete: a crash (even a power loss) leaves at worst a stray temporary file, removed at the
   * next open. What a crash can lose is a rename not yet on disk, that is a whole block; the shard
   * folders written since the last sync() are fsynced there, and callers sync() before recording
   * anything that needs the blocks (a pin).
   *
   * Cost: one fsync per block. Sequential fsyncs would cap the importer at a few hundred blocks a
   * second, but fsyncs issued from many threads at once share journal commits (ext4/jbd2 group
   * commit), so ParallelBlockWriter writes blocks from several virtual threads. Measured on this
   * machine's disk, 4,096 blocks of 256 KiB: 640-800 MB/s with 16 writers in parallel, 220-270 MB/s
   * one after the other, and `cp` + `sync` of the same GiB at 230-400 MB/s. BENCHMARKS.md has the
   * figures of the importer on top.
   *
   * The size account lives in memory. A clean close writes it to diskUsage.cache, which the next
   * open reads and deletes; when it is missing (after a crash), open walks the folder once to
   * count the blocks and remove stray temporary files.
   */
  private static final Logger log = LoggerFactory.getLogger(FlatFsBlockstore.class);

  /** What kubo writes to its flatfs SHARDING file for this layout. */
  static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2";

  private static final String DATA = ".data";
  private static final String TEMP = ".tmp";
  private static final String USAGE_FILE = "diskUsage.cache";
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int SHARDS = 32 * 32;
  private static final int STRIPES = 256;
  private static final int DIR_SYNC_PARALLELISM = 16;
  private static final int IO_BUFFER = 1 << 20;
  private static final int MAX_POOLED_BUFFERS = 32;

  private final Path folder;
  private final long storageMax;
  private final boolean fsync;
  private final FolderLock lock;
  private final AtomicLong bytes;
  private final AtomicLong blocks;
  private final AtomicLong tempCounter = new AtomicLong();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final Set<Integer> dirtyShards = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.BlockingQueue<ByteBuffer> buffers =
      new java.util.concurrent.ArrayBlockingQueue<>(MAX_POOLED_BUFFERS);
  private volatile boolean rootDirty;
  private volatile boolean closed;

  private FlatFsBlockstore(
      Path folder, long storageMax, boolean fsync, FolderLock lock, long bytes, long blocks) {
    this.folder = folder;
    this.storageMax = storageMax;
    this.fsync = fsync;
    this.lock = lock;
    this.bytes = new AtomicLong(bytes);
    this.blocks = new AtomicLong(blocks);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Opens the blockstore in {@code folder}, creating it if needed.
   *
   * @param storageMax the most bytes of blocks to accept; puts beyond it throw {@link
   *     StorageFullException}
   * @param fsync whether to fsync blocks and folders (see the class comment); false only for tests
   *     and benchmarks, where a power loss may then leave empty block files behind
   * @throws BlockstoreIoException if the folder cannot be created or read, or another store holds
   *     it
   */
  public static FlatFsBlockstore open(Path folder, long storageMax, boolean fsync) {
    if (storageMax <= 0) {
      throw new IllegalArgumentException("storageMax must be positive, got " + storageMax);
    }
    Path absolute = folder.toAbsolutePath();
    FolderLock lock = null;
    try {
      Files.createDirectories(absolute);
      lock = FolderLock.acquire(absolute);
      boolean fresh = checkSharding(absolute);
      long[] usage = fresh ? new long[2] : readUsageCache(absolute);
      if (usage == null) {
        usage = scan(absolute);
      } else if (!fresh) {
        Files.delete(absolute.resolve(USAGE_FILE));
        if (fsync) {
          syncFolder(absolute);
        }
      }
      log.debug("opened blockstore at {}: {} blocks, {} bytes", absolute, usage[1], usage[0]);
      return new FlatFsBlockstore(absolute, storageMax, fsync, lock, usage[0], usage[1]);
    } catch (IOException e) {
      closeLock(lock);
      throw new BlockstoreIoException("cannot open the blockstore at " + absolute, e);
    } catch (RuntimeException e) {
      closeLock(lock);
      throw e;
    }
  }

  private static void closeLock(FolderLock lock) {
    if (lock != null) {
      lock.close();
    }
  }

  /** Checks the layout named in SHARDING, writing it into a new store; true if the store is new. */
  private static boolean checkSharding(Path folder) throws IOException {
    Path sharding = folder.resolve("SHARDING");
    if (Files.exists(sharding)) {
      String found = Files.readString(sharding, StandardCharsets.UTF_8).trim();
      if (!found.equals(SHARDING)) {
        throw new IOException(
            "SHARDING says \"" + found + "\", but this blockstore only reads " + SHARDING);
      }
      return false;
    }
    Files.writeString(sharding, SHARDING + "\n", StandardCharsets.UTF_8);
    return true;
  }

  private static long[] readUsageCache(Path folder) {
    Path file = folder.resolve(USAGE_FILE);
    try {
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
      if (parts.length == 2) {
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | NumberFormatException e) {
      log.warn("ignoring unreadable {} ({}); counting the blocks", file, e.toString());
    }
    return null;
  }

  /** Counts blocks and bytes, and removes temporary files a crash left behind. */
  private static long[] scan(Path folder) throws IOException {
    long started = System.nanoTime();
    long bytes = 0;
    long count = 0;
    int strays = 0;
    for (int i = 0; i < SHARDS; i++) {
      Path shard = folder.resolve(shardName(i));
      if (!Files.isDirectory(shard)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          if (name.endsWith(DATA)) {
            bytes += Files.size(file);
            count++;
          } else if (name.endsWith(TEMP)) {
            Files.deleteIfExists(file);
            strays++;
          }
        }
      }
    }
    log.info(
        "blockstore at {} was not closed cleanly: counted {} blocks ({} bytes) and removed {}"
            + " unfinished writes in {} ms",
        folder,
        count,
        bytes,
        strays,
        (System.nanoTime() - started) / 1_000_000);
    return new long[] {bytes, count};
  }

  /** The folder holding the blocks. */
  public Path folder() {
    return folder;
  }

  @Override
  public boolean has(Multihash key) {
    if (isIdentity(key)) {
      return true;
    }
    checkOpen();
    return Files.exists(pathOf(key));
  }

  @Override
  public byte[] get(Multihash key) {
    if (isIdentity(key)) {
      return key.digest();
    }
    checkOpen();
    Path path = pathOf(key);
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot read block " + key + " from " + path, e);
    }
  }

  @Override
  public byte[] getPrefix(Multihash key, int maxBytes) {
    if (isIdentity(key)) {
      byte[] digest = key.digest();
      return digest.length <= maxBytes ? digest : java.util.Arrays.copyOf(digest, maxBytes);
    }
    checkOpen();
    Path path = pathOf(key);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes, channel.size()));
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until the buffer is full or the file ends
      }
      return buffer.position() == buffer.capacity()
          ? buffer.array()
          : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot read block " + key + " from " + path, e);
    }
  }

  @Override
  public long sizeOf(Multihash key) {
    if (isIdentity(key)) {
      return key.digestLength();
    }
    checkOpen();
    Path path = pathOf(key);
    try {
      return Files.size(path);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot read the size of block " + key + " at " + path, e);
    }
  }

  @Override
  public boolean putTrusted(Multihash key, byte[] data) {
    Objects.requireNonNull(data, "data");
    if (isIdentity(key)) {
      return false;
    }
    checkOpen();
    String name = keyName(key);
    int shard = shardOf(name);
    Path target = folder.resolve(shardName(shard)).resolve(name + DATA);
    if (Files.exists(target)) {
      return false;
    }
    reserve(key, data.length);
    Path temp = target.resolveSibling(name + "." + tempCounter.incrementAndGet() + TEMP);
    boolean stored = false;
    try {
      writeTemp(temp, data);
      ReentrantLock stripe = stripeOf(name);
      stripe.lock();
      try {
        if (Files.exists(target)) {
          return false;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        stored = true;
      } finally {
        stripe.unlock();
      }
      blocks.incrementAndGet();
      if (fsync) {
        dirtyShards.add(shard);
      }
      return true;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot write block " + key + " to " + target, e);
    } finally {
      if (!stored) {
        bytes.addAndGet(-data.length);
        deleteQuietly(temp);
      }
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

  /** Writes a block's temporary file, creating its shard folder on first use. */
  private void writeTemp(Path temp, byte[] data) throws IOException {
    try {
      writeFile(temp, data);
    } catch (NoSuchFileException e) {
      Files.createDirectories(temp.getParent());
      rootDirty = true;
      writeFile(temp, data);
    }
  }

  private void writeFile(Path temp, byte[] data) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = buffers.poll();
      if (buffer == null) {
        buffer = ByteBuffer.allocateDirect(IO_BUFFER);
      }
      try {
        for (int offset = 0; offset < data.length; offset += IO_BUFFER) {
          buffer.clear();
          buffer.put(data, offset, Math.min(IO_BUFFER, data.length - offset));
          buffer.flip();
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      } finally {
        buffers.offer(buffer);
      }
      if (fsync) {
        channel.force(false);
      }
    }
  }

  @Override
  public boolean delete(Multihash key) {
    if (isIdentity(key)) {
      return false;
    }
    checkOpen();
    String name = keyName(key);
    Path path = folder.resolve(shardName(shardOf(name))).resolve(name + DATA);
    ReentrantLock stripe = stripeOf(name);
    stripe.lock();
    try {
      long size = Files.size(path);
      Files.delete(path);
      bytes.addAndGet(-size);
      blocks.decrementAndGet();
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot delete block " + key + " at " + path, e);
    } finally {
      stripe.unlock();
    }
  }

  @Override
  public Stream<Multihash> keys() {
    checkOpen();
    return IntStream.range(0, SHARDS).boxed().flatMap(this::keysOfShard);
  }

  private Stream<Multihash> keysOfShard(int shard) {
    Path dir = folder.resolve(shardName(shard));
    Stream<Path> files;
    try {
      files = Files.list(dir);
    } catch (NoSuchFileException e) {
      return Stream.empty();
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot list blocks in " + dir, e);
    }
    return files
        .map(path -> path.getFileName().toString())
        .filter(name -> name.endsWith(DATA))
        .map(name -> parseKey(name.substring(0, name.length() - DATA.length())))
        .filter(Objects::nonNull);
  }

  private static Multihash parseKey(String name) {
    try {
      return Multihash.fromBytes(Multibase.BASE32_UPPER.decodeBare(name));
    } catch (MultiformatException e) {
      log.debug("skipping a file that is not a block: {}", name);
      return null;
    }
  }

  @Override
  public Usage usage() {
    return new Usage(bytes.get(), blocks.get(), storageMax);
  }

  @Override
  public void sync() {
    if (!fsync) {
      return;
    }
    if (rootDirty) {
      // New shard folders first, so that the blocks renamed into them can be found.
      rootDirty = false;
      try {
        syncFolder(folder);
      } catch (IOException e) {
        rootDirty = true;
        throw new BlockstoreIoException("cannot sync the blockstore folder " + folder, e);
      }
    }
    if (dirtyShards.isEmpty()) {
      return;
    }
    List<Integer> shards = new ArrayList<>();
    for (Integer shard : dirtyShards) {
      // Removed before the fsync: a block renamed into it meanwhile marks it dirty again.
      if (dirtyShards.remove(shard)) {
        shards.add(shard);
      }
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> syncs = new ArrayList<>();
      for (int start = 0; start < DIR_SYNC_PARALLELISM; start++) {
        int first = start;
        syncs.add(
            threads.submit(
                () -> {
                  for (int i = first; i < shards.size(); i += DIR_SYNC_PARALLELISM) {
                    syncShard(shards.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> sync : syncs) {
        sync.get();
      }
    } catch (ExecutionException e) {
      dirtyShards.addAll(shards);
      if (e.getCause() instanceof BlockstoreException failure) {
        throw failure;
      }
      throw new IllegalStateException("syncing the blockstore failed", e.getCause());
    } catch (InterruptedException e) {
      dirtyShards.addAll(shards);
      Thread.currentThread().interrupt();
      throw new BlockstoreIoException(
          "interrupted while syncing the blockstore at " + folder,
          new java.io.InterruptedIOException());
    }
  }

  private void syncShard(int shard) {
    Path dir = folder.resolve(shardName(shard));
    try {
      syncFolder(dir);
    } catch (IOException e) {
      throw new BlockstoreIoException("cannot sync the block folder " + dir, e);
    }
  }

  private static void syncFolder(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      sync();
      Path usageFile = folder.resolve(USAGE_FILE);
      Path temp = folder.resolve(USAGE_FILE + TEMP);
      writeFile(
          temp, (bytes.get() + " " + blocks.get() + "\n").getBytes(StandardCharsets.US_ASCII));
      Files.move(temp, usageFile, StandardCopyOption.ATOMIC_MOVE);
      if (fsync) {
        syncFolder(folder);
      }
    } catch (IOException e) {
      log.warn("cannot save the blockstore's size account; the next open will count blocks", e);
    } finally {
      closed = true;
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "blockstore at " + folder;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the blockstore at " + folder + " is closed");
    }
  }

  private Path pathOf(Multihash key) {
    String name = keyName(key);
    return folder.resolve(shardName(shardOf(name))).resolve(name + DATA);
  }

  private ReentrantLock stripeOf(String name) {
    return stripes[Math.floorMod(name.hashCode(), STRIPES)];
  }

  /** The file name of a block without its extension, as in kubo: base32, upper case, no padding. */
  static String keyName(Multihash key) {
    return Multibase.BASE32_UPPER.encodeBare(key.toBytes());
  }

  /** The shard of a key: its next-to-last two characters. */
  static int shardOf(String name) {
    int n = name.length();
    return ALPHABET.indexOf(name.charAt(n - 3)) * 32 + ALPHABET.indexOf(name.charAt(n - 2));
  }

  static String shardName(int shard) {
    return new String(new char[] {ALPHABET.charAt(shard / 32), ALPHABET.charAt(shard % 32)});
  }

  private static boolean isIdentity(Multihash key) {
    return key.code() == HashFunction.IDENTITY.code();
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("cannot remove {}", path, e);
    }
  }
}
