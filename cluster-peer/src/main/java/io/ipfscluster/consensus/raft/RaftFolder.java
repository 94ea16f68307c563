package io.ipfscluster.consensus.raft;

import io.ipfscluster.config.RaftConfig;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The Raft data folder of a peer ({@code consensus.raft.data_folder}, {@code <config>/raft} by
 * default) and its backups, as the original's {@code CleanupRaft}: the folder is renamed to {@code
 * raft.old.0}, older backups move up one number ({@code raft.old.0} to {@code raft.old.1}, ...),
 * and only {@code backups_rotate} backups are kept. Used when the Raft state must start afresh:
 * {@code state cleanup}, {@code daemon --bootstrap} (a staging peer), and a peer removed from the
 * cluster.
 *
 * <p>Stateless; not safe against a Raft server running on the folder (callers hold the folder's
 * lock or have stopped the server).
 */
public final class RaftFolder {
  private RaftFolder() {}

  /**
   * Moves the Raft data folder of {@code config} (relative to {@code configDir}) aside as backup
   * {@code .old.0}, keeping at most {@code backups_rotate} backups. Does nothing if there is no
   * folder.
   *
   * @return whether there was a folder to move
   * @throws IOException if a folder cannot be renamed or an old backup deleted
   */
  public static boolean backUp(RaftConfig config, Path configDir) throws IOException {
    Path folder = config.dataFolder(configDir);
    if (!Files.exists(folder)) {
      return false;
    }
    int keep = config.backupsRotate();
    // The oldest kept backup makes room, with any beyond it (backups_rotate was lowered).
    try (Stream<Path> siblings = Files.list(folder.toAbsolutePath().getParent())) {
      for (Path p : siblings.toList()) {
        if (backupNumber(folder, p) >= keep - 1) {
          deleteTree(p);
        }
      }
    }
    for (int i = keep - 2; i >= 0; i--) {
      if (Files.exists(backup(folder, i))) {
        Files.move(backup(folder, i), backup(folder, i + 1));
      }
    }
    Files.move(folder, backup(folder, 0));
    return true;
  }

  /** Backup {@code n} of {@code folder}: {@code <folder>.old.<n>}. */
  static Path backup(Path folder, int n) {
    return folder.resolveSibling(folder.getFileName() + ".old." + n);
  }

  /** The number of backup {@code candidate} of {@code folder}, or -1 if it is not one. */
  private static int backupNumber(Path folder, Path candidate) {
    String prefix = folder.getFileName() + ".old.";
    String name = candidate.getFileName().toString();
    if (!name.startsWith(prefix) || !name.substring(prefix.length()).matches("[0-9]{1,9}")) {
      return -1;
    }
    return Integer.parseInt(name.substring(prefix.length()));
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
