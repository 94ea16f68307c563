package io.ipfscluster.ipfs.blockstore;

import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.Varint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pack files of a {@link PackBlockstore}: {@code <folder>/<00000001>.pack}, each block a record
 * {@code varint(len(multihash)) multihash varint(len(data)) data}. Appends go to the current pack,
 * each into its own region reserved atomically, so many threads write at once; a pack is closed for
 * writing once it passes its size, and each instance starts a new one, so no pack is appended to
 * after a restart.
 *
 * <p>Thread-safe. Knows nothing of the index: it hands out {@link PackBlockstore.Location}s.
 */
final class PackFiles implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PackFiles.class);
  private static final String SUFFIX = ".pack";
  private static final int IO_BUFFER = 1 << 20;
  private static final int MAX_POOLED_BUFFERS = 32;
  private static final long WRITEBACK_BYTES = 32L << 20;

  private final Path folder;
  private final long packBytes;
  private final boolean fsync;
  private final ConcurrentHashMap<Integer, FileChannel> channels = new ConcurrentHashMap<>();
  private final AtomicReference<Pack> active = new AtomicReference<>();
  private final ReentrantLock rollLock = new ReentrantLock();
  private final BlockingQueue<ByteBuffer> buffers = new ArrayBlockingQueue<>(MAX_POOLED_BUFFERS);
  private volatile boolean folderDirty;
  private int nextId; // guarded by rollLock

  /**
   * The pack being appended to: its id, channel, next free offset, and the bytes written since its
   * last background writeback began.
   */
  private record Pack(
      int id, FileChannel channel, AtomicLong end, AtomicLong unflushed, AtomicBoolean flushing) {}

  PackFiles(Path folder, long packBytes, boolean fsync) throws IOException {
    this.folder = folder;
    this.packBytes = packBytes;
    this.fsync = fsync;
    int next = 1;
    for (int id : ids()) {
      next = Math.max(next, id + 1);
    }
    this.nextId = next;
  }

  /** The ids of the pack files in the folder. */
  List<Integer> ids() throws IOException {
    List<Integer> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          ids.add(Integer.parseInt(name.substring(0, name.length() - SUFFIX.length())));
        } catch (NumberFormatException e) {
          log.debug("ignoring {}", file);
        }
      }
    }
    return ids;
  }

  /** The id of the pack being appended to, or -1 before the first append. */
  int activeId() {
    Pack pack = active.get();
    return pack == null ? -1 : pack.id();
  }

  /** The size of a pack file in bytes. */
  long size(int id) throws IOException {
    return Files.size(path(id));
  }

  /** Appends a block's record; returns where its data is. */
  PackBlockstore.Location append(Multihash key, byte[] data) throws IOException {
    byte[] mh = key.toBytes();
    int headerLength = Varint.size(mh.length) + mh.length + Varint.size(data.length);
    byte[] header = new byte[headerLength];
    int pos = Varint.write(mh.length, header, 0);
    System.arraycopy(mh, 0, header, pos, mh.length);
    Varint.write(data.length, header, pos + mh.length);
    long recordLength = (long) headerLength + data.length;
    Pack pack;
    long at;
    while (true) {
      pack = activePack();
      at = pack.end().getAndAdd(recordLength);
      if (at == 0 || at + recordLength <= packBytes) {
        break;
      }
      roll(pack);
    }
    ByteBuffer buffer = buffer();
    try {
      long position = at;
      int done = -headerLength; // negative: still in the header
      while (done < data.length) {
        buffer.clear();
        if (done < 0) {
          buffer.put(header);
          done = 0;
        }
        int n = Math.min(buffer.remaining(), data.length - done);
        buffer.put(data, done, n).flip();
        done += n;
        while (buffer.hasRemaining()) {
          position += pack.channel().write(buffer, position);
        }
      }
    } finally {
      buffers.offer(buffer);
    }
    if (fsync && pack.unflushed().addAndGet(recordLength) >= WRITEBACK_BYTES) {
      startWriteback(pack);
    }
    return new PackBlockstore.Location(pack.id(), at + headerLength, data.length);
  }

  /** Reads {@code length} bytes of a block's data. */
  byte[] read(PackBlockstore.Location location, int length) throws IOException {
    FileChannel channel = channel(location.pack());
    byte[] out = new byte[length];
    ByteBuffer buffer = buffer();
    try {
      for (int done = 0; done < length; ) {
        buffer.clear().limit(Math.min(buffer.capacity(), length - done));
        int n = channel.read(buffer, location.offset() + done);
        if (n < 0) {
          throw new IOException(
              "pack " + location.pack() + " ends before the block at " + location.offset());
        }
        buffer.flip().get(out, done, n);
        done += n;
      }
    } finally {
      buffers.offer(buffer);
    }
    return out;
  }

  /** Fsyncs the given packs, and the folder if a pack was created since the last time. */
  void force(Collection<Integer> ids) throws IOException {
    for (int id : ids) {
      channel(id).force(false);
    }
    if (folderDirty) {
      folderDirty = false;
      try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException e) {
        folderDirty = true;
        throw e;
      }
    }
  }

  /** Closes and deletes a pack. */
  void remove(int id) throws IOException {
    FileChannel channel = channels.remove(id);
    if (channel != null) {
      channel.close();
    }
    Files.deleteIfExists(path(id));
  }

  @Override
  public void close() {
    for (FileChannel channel : channels.values()) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing a pack failed", e);
      }
    }
    channels.clear();
  }

  /**
   * Starts writing a pack's dirty pages to disk in the background, so that the fsync of the next
   * sync finds little left to do: the disk works while the importer hashes. One at a time per pack;
   * a failure here is only logged, since the next sync fsyncs again and reports it.
   */
  private void startWriteback(Pack pack) {
    if (!pack.flushing().compareAndSet(false, true)) {
      return;
    }
    pack.unflushed().set(0);
    Thread.ofVirtual()
        .name("pack-writeback-", pack.id())
        .start(
            () -> {
              try {
                pack.channel().force(false);
              } catch (IOException e) {
                log.debug("background writeback of pack {} failed", pack.id(), e);
              } finally {
                pack.flushing().set(false);
              }
            });
  }

  private Pack activePack() throws IOException {
    Pack pack = active.get();
    if (pack != null) {
      return pack;
    }
    rollLock.lock();
    try {
      if (active.get() == null) {
        active.set(newPack());
      }
      return active.get();
    } finally {
      rollLock.unlock();
    }
  }

  private void roll(Pack full) throws IOException {
    rollLock.lock();
    try {
      if (active.get() == full) {
        active.set(newPack());
      }
    } finally {
      rollLock.unlock();
    }
  }

  private Pack newPack() throws IOException {
    int id = nextId++;
    FileChannel channel =
        FileChannel.open(
            path(id),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    channels.put(id, channel);
    folderDirty = true;
    return new Pack(id, channel, new AtomicLong(), new AtomicLong(), new AtomicBoolean());
  }

  private FileChannel channel(int id) throws IOException {
    FileChannel channel = channels.get(id);
    if (channel != null) {
      return channel;
    }
    FileChannel opened = FileChannel.open(path(id), StandardOpenOption.READ);
    FileChannel raced = channels.putIfAbsent(id, opened);
    if (raced != null) {
      opened.close();
      return raced;
    }
    return opened;
  }

  private ByteBuffer buffer() {
    ByteBuffer buffer = buffers.poll();
    return buffer != null ? buffer : ByteBuffer.allocateDirect(IO_BUFFER);
  }

  private Path path(int id) {
    return folder.resolve(String.format("%08d", id) + SUFFIX);
  }
}
