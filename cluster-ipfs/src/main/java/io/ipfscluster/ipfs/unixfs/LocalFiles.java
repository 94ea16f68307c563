package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.ipfs.ipld.PbLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The {@link ImportEntry} stream for local paths, with the rules of {@code ipfs add} and {@code
 * ipfs-cluster-ctl add}: each path is a top-level item named by its last component; a directory
 * needs {@code recursive} and is listed before its children, children in name order; without {@code
 * hidden}, children whose name starts with {@code .} are left out (a hidden path given explicitly
 * is kept); symlinks are added as symlinks, not followed.
 *
 * <p>Files are opened lazily, one at a time, and each stream is closed when the iteration moves
 * past it (and by {@link Entries#close()}). Not thread-safe.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /**
   * The entries for {@code paths}.
   *
   * @throws IllegalArgumentException if a path is a directory and {@code recursive} is false
   * @throws IOException if a path cannot be read
   */
  public static Entries entries(List<Path> paths, boolean recursive, boolean hidden)
      throws IOException {
    for (Path p : paths) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new java.nio.file.NoSuchFileException(p.toString());
      }
      if (!recursive && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(
            p + " is a directory, use the '-r' flag to specify directories");
      }
    }
    return new Entries(paths, hidden);
  }

  /** A lazy, closeable sequence of entries. */
  public static final class Entries implements Iterable<ImportEntry>, AutoCloseable {
    private final boolean hidden;
    private final Deque<Pending> stack = new ArrayDeque<>();
    private InputStream open;
    private boolean iterated;

    private Entries(List<Path> paths, boolean hidden) {
      this.hidden = hidden;
      for (int i = paths.size() - 1; i >= 0; i--) {
        Path p = paths.get(i);
        Path name = p.toAbsolutePath().normalize().getFileName();
        stack.push(new Pending(p, name == null ? "" : name.toString()));
      }
    }

    private record Pending(Path file, String path) {}

    @Override
    public Iterator<ImportEntry> iterator() {
      if (iterated) {
        throw new IllegalStateException("the entries can be iterated once");
      }
      iterated = true;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return !stack.isEmpty();
        }

        @Override
        public ImportEntry next() {
          if (stack.isEmpty()) {
            throw new NoSuchElementException();
          }
          try {
            closeOpen();
            return visit(stack.pop());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    }

    private ImportEntry visit(Pending p) throws IOException {
      if (Files.isSymbolicLink(p.file)) {
        return new ImportEntry.Symlink(p.path, Files.readSymbolicLink(p.file).toString());
      }
      if (Files.isDirectory(p.file, LinkOption.NOFOLLOW_LINKS)) {
        List<Path> children = new ArrayList<>();
        try (Stream<Path> list = Files.list(p.file)) {
          list.filter(c -> hidden || !c.getFileName().toString().startsWith("."))
              .forEach(children::add);
        }
        children.sort(
            (a, b) -> PbLink.compareNames(a.getFileName().toString(), b.getFileName().toString()));
        for (int i = children.size() - 1; i >= 0; i--) {
          Path c = children.get(i);
          stack.push(new Pending(c, p.path + "/" + c.getFileName()));
        }
        return new ImportEntry.Directory(p.path);
      }
      open = Files.newInputStream(p.file);
      return new ImportEntry.File(p.path, open);
    }

    private void closeOpen() throws IOException {
      if (open != null) {
        InputStream s = open;
        open = null;
        s.close();
      }
    }

    @Override
    public void close() throws IOException {
      closeOpen();
    }
  }
}
