package io.ipfscluster.ipfs.blockstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code .lock} file that keeps a blockstore folder to one store at a time, across processes
 * (the operating system releases it when the process dies). Not thread-safe; owned by its store.
 */
final class FolderLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderLock.class);

  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code folder}, which must exist.
   *
   * @throws IOException if another store holds it, or the lock file cannot be opened
   */
  static FolderLock acquire(Path folder) throws IOException {
    FileChannel channel =
        FileChannel.open(
            folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("the blockstore at " + folder + " is in use by another store");
    }
    return new FolderLock(channel, lock);
  }

  /** Releases the lock; failures are only logged, since the store is going away. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      log.debug("releasing the blockstore lock failed", e);
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing {} failed", channel, e);
    }
  }
}
