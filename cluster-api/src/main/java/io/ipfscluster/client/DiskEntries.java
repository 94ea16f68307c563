package io.ipfscluster.client;

import io.ipfscluster.client.AddEntry.Directory;
import io.ipfscluster.client.AddEntry.File;
import io.ipfscluster.client.AddEntry.Symlink;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The entries of {@link AddEntry#fromPath}: files, directories and links read from disk. */
final class DiskEntries {
  private DiskEntries() {}

  static AddEntry of(Path p, String name, BasicFileAttributes attrs, boolean hidden)
      throws IOException {
    int mode = mode(p, attrs);
    Instant mtime = attrs.lastModifiedTime().toInstant();
    if (attrs.isSymbolicLink()) {
      return new Symlink(name, Files.readSymbolicLink(p).toString(), mode, mtime);
    }
    if (attrs.isDirectory()) {
      return new Directory(name, () -> list(p, hidden), true, mode, mtime);
    }
    if (attrs.isRegularFile()) {
      String abs = p.toAbsolutePath().toString();
      return new File(name, () -> Files.newInputStream(p), attrs.size(), true, mode, mtime, abs);
    }
    throw new FileSystemException(p.toString(), null, "unrecognized file type");
  }

  private static List<AddEntry> list(Path dir, boolean hidden) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children =
          s.filter(c -> hidden || !c.getFileName().toString().startsWith("."))
              .sorted(
                  Comparator.comparing(c -> c.getFileName().toString(), DiskEntries::byCodePoint))
              .toList();
    }
    List<AddEntry> out = new ArrayList<>(children.size());
    for (Path c : children) {
      BasicFileAttributes a =
          Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      out.add(of(c, c.getFileName().toString(), a, hidden));
    }
    return out;
  }

  /** Code point order, which is the byte order of UTF-8 that Go sorts names by. */
  private static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int mode(Path p, BasicFileAttributes attrs) {
    int perm = 0;
    try {
      PosixFileAttributes posix =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      for (PosixFilePermission bit : posix.permissions()) {
        perm |= 1 << (8 - bit.ordinal());
      }
    } catch (UnsupportedOperationException | IOException e) {
      return 0; // unknown: not sent
    }
    if (attrs.isDirectory()) {
      perm |= AddEntry.MODE_DIR;
    } else if (attrs.isSymbolicLink()) {
      perm |= AddEntry.MODE_SYMLINK;
    }
    return perm;
  }
}
