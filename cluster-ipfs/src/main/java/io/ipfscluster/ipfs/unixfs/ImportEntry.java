package io.ipfscluster.ipfs.unixfs;

import java.io.InputStream;
import java.util.Objects;

/**
 * One item of an import: a file with its content, a directory, or a symlink, named by its path
 * relative to the import ({@code dir/sub/file.txt}, {@code /}-separated; a leading {@code /}, empty
 * and {@code .} segments are ignored, {@code ..} is refused).
 *
 * <p>Entries arrive in the order a multipart {@code /add} body lists them: a directory before its
 * children, though parents missing from the stream are created. A file's stream is read to its end
 * when the entry is added, and not closed.
 *
 * <p>Immutable values, but a {@link File} carries a stream that one import consumes.
 */
public sealed interface ImportEntry {

  /** The path within the import. */
  String path();

  /** A regular file. */
  record File(String path, InputStream content) implements ImportEntry {
    public File {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(content, "content");
    }
  }

  /** A directory; only needed for empty directories, others appear with their children. */
  record Directory(String path) implements ImportEntry {
    public Directory {
      Objects.requireNonNull(path, "path");
    }
  }

  /** A symbolic link to {@code target}, stored as a UnixFS symlink node. */
  record Symlink(String path, String target) implements ImportEntry {
    public Symlink {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(target, "target");
    }
  }

  static ImportEntry file(String path, InputStream content) {
    return new File(path, content);
  }

  static ImportEntry directory(String path) {
    return new Directory(path);
  }

  static ImportEntry symlink(String path, String target) {
    return new Symlink(path, target);
  }
}
