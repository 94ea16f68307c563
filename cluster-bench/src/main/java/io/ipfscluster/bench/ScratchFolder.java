package io.ipfscluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh folder for a benchmark's datastore, deleted with its contents on {@link #close()}.
 *
 * <p>Not thread-safe.
 */
final class ScratchFolder implements AutoCloseable {
  private final Path path;

  private ScratchFolder(Path path) {
    this.path = path;
  }

  /** Creates a new empty folder inside {@code parent} (created if missing). */
  static ScratchFolder in(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return new ScratchFolder(Files.createTempDirectory(parent, prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder in " + parent, e);
    }
  }

  /** Creates a new empty folder in the system's temporary folder. */
  static ScratchFolder inTemp(String prefix) {
    return in(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  Path path() {
    return path;
  }

  /** The total size of the regular files under the folder, in bytes. */
  long sizeBytes() {
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).mapToLong(ScratchFolder::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
