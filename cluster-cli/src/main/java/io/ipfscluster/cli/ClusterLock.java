package io.ipfscluster.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code cluster.lock} file of a configuration folder: while one program holds it, no other
 * {@code ipfs-cluster-service} command may use the folder's state. The operating system releases
 * the lock when the process dies, so a crash never leaves a stale lock.
 *
 * <p>Not thread-safe; one per process and folder.
 */
final class ClusterLock implements AutoCloseable {
  static final String NAME = "cluster.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private ClusterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code configDir}.
   *
   * @throws CliException when another process holds it
   */
  static ClusterLock acquire(Path configDir) throws IOException {
    Files.createDirectories(configDir);
    Path file = configDir.resolve(NAME);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new CliException(
          "cannot acquire lock file "
              + file
              + ": another ipfs-cluster-service is using this configuration folder");
    }
    return new ClusterLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    if (lock.isValid()) {
      lock.release();
    }
    channel.close();
  }
}
