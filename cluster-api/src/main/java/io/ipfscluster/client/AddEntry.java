package io.ipfscluster.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file, directory or symbolic link to upload with {@link ClusterClient#add}: read from disk
 * ({@link #fromPath}), fetched from a web URL ({@link #fromUrl}), or given as bytes or a stream.
 *
 * <p>Entries from disk carry their permissions and modification time, sent as the original's client
 * sends them; the importer does not put them in the DAG. Directories from disk are listed when
 * uploaded, in name order, leaving out hidden entries (names starting with {@code .}) unless asked.
 *
 * <p>Immutable; an entry made from an {@link InputStream} can be uploaded once.
 */
public sealed interface AddEntry {
  /** Go's {@code os.ModeDir}. */
  int MODE_DIR = 1 << 31;

  /** Go's {@code os.ModeSymlink}. */
  int MODE_SYMLINK = 1 << 27;

  /** The name of the entry within its directory (for top-level entries, the name added). */
  String name();

  /** Whether the entry can be read again, so that an upload may be retried on another host. */
  boolean replayable();

  /** A file with the given content. */
  static AddEntry file(String name, byte[] content) {
    byte[] copy = content.clone();
    return new File(name, () -> new ByteArrayInputStream(copy), copy.length, true, 0, null, null);
  }

  /** A file read from {@code content}, once; its size is unknown in advance. */
  static AddEntry file(String name, InputStream content) {
    Objects.requireNonNull(content, "content");
    AtomicBoolean used = new AtomicBoolean();
    return new File(
        name,
        () -> {
          if (used.getAndSet(true)) {
            throw new IOException("the content stream of " + name + " was read already");
          }
          return content;
        },
        -1,
        false,
        0,
        null,
        null);
  }

  /** A directory holding {@code entries}. */
  static AddEntry directory(String name, List<AddEntry> entries) {
    List<AddEntry> copy = List.copyOf(entries);
    return new Directory(name, () -> copy, copy.stream().allMatch(AddEntry::replayable), 0, null);
  }

  /**
   * The file, directory or symbolic link (not followed) at {@code path}, named by its last element;
   * {@code .} is the working directory by its real name.
   *
   * @param recursive whether a directory may be added (with everything in it)
   * @param hidden whether entries of directories whose names start with {@code .} are included
   * @throws IOException {@code lstat <path>: no such file or directory} and the like
   * @throws IllegalArgumentException {@code <path> is a directory, but Recursive option is not set}
   */
  static AddEntry fromPath(Path path, boolean recursive, boolean hidden) throws IOException {
    Path p = path.toString().equals(".") ? path.toRealPath() : path.normalize();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("lstat " + p + ": no such file or directory");
    }
    if (attrs.isDirectory() && !recursive) {
      throw new IllegalArgumentException(p + " is a directory, but Recursive option is not set");
    }
    Path fileName = p.getFileName();
    return DiskEntries.of(p, fileName == null ? p.toString() : fileName.toString(), attrs, hidden);
  }

  /**
   * A file downloaded from an {@code http} or {@code https} URL when it is uploaded, named by the
   * last element of the URL's path.
   *
   * @throws IllegalArgumentException when the URL is not http(s)
   */
  static AddEntry fromUrl(URI url) {
    Endpoint.of(url); // validates
    String path = url.getPath() == null || url.getPath().isEmpty() ? "." : url.getPath();
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String name = trimmed.equals("/") ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return new File(name, () -> WebFetch.open(url), -1, true, 0, null, url.toString());
  }

  /** The total size of the files under {@code entries}, or -1 when some size is unknown. */
  static long totalSize(List<AddEntry> entries) throws IOException {
    long total = 0;
    for (AddEntry e : entries) {
      long n =
          switch (e) {
            case File f -> f.size();
            case Directory d -> totalSize(d.children().list());
            case Symlink s -> 0;
          };
      if (n < 0) {
        return -1;
      }
      total += n;
    }
    return total;
  }

  /** Opens the content of a file. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** Lists the entries of a directory. */
  @FunctionalInterface
  interface Lister {
    List<AddEntry> list() throws IOException;
  }

  /**
   * A regular file.
   *
   * @param size the size in bytes, or -1 when unknown
   * @param mode Go's file mode bits, or 0 when unknown
   * @param modTime the modification time, or null
   * @param absPath the absolute path or URL it comes from, or null
   */
  record File(
      String name,
      Opener content,
      long size,
      boolean replayable,
      int mode,
      Instant modTime,
      String absPath)
      implements AddEntry {
    public File {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(content, "content");
    }
  }

  /** A directory, listed when uploaded. */
  record Directory(String name, Lister children, boolean replayable, int mode, Instant modTime)
      implements AddEntry {
    public Directory {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(children, "children");
    }
  }

  /** A symbolic link, uploaded as its target path. */
  record Symlink(String name, String target, int mode, Instant modTime) implements AddEntry {
    public Symlink {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
    }

    @Override
    public boolean replayable() {
      return true;
    }
  }
}
