package io.ipfscluster.rest;

import io.ipfscluster.cluster.Adding;
import io.ipfscluster.ipfs.embedded.MalformedMultipartException;
import io.ipfscluster.ipfs.embedded.MultipartReader;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The entries of a {@code POST /add} body, read part by part as boxo's {@code multipartfile} reads
 * what the original's clients send: each part is named by the query-unescaped {@code filename} of
 * its {@code Content-Disposition}, cleaned as a path under {@code /}; parts of type {@code
 * application/x-directory} (or {@code multipart/form-data}) are directories, {@code
 * application/symlink} parts hold a link's target, and anything else is a file whose content
 * streams from the body.
 *
 * <p>Not thread-safe: read by the thread running the add.
 */
final class MultipartEntries implements Adding.EntrySource {
  /** The longest symlink target accepted (Linux's PATH_MAX is 4096). */
  private static final int MAX_LINK_TARGET = 64 * 1024;

  private final MultipartReader reader;

  MultipartEntries(MultipartReader reader) {
    this.reader = reader;
  }

  @Override
  public ImportEntry next() throws IOException {
    MultipartReader.Part part = reader.next();
    if (part == null) {
      return null;
    }
    String path = GoText.cleanPath("/" + part.fileName()).substring(1);
    return switch (part.contentType()) {
      case "application/x-directory", "multipart/form-data" -> ImportEntry.directory(path);
      case "application/symlink" -> ImportEntry.symlink(path, linkTarget(path, part.body()));
      default -> ImportEntry.file(path, part.body());
    };
  }

  private static String linkTarget(String path, InputStream body) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int n = body.read(buf); n >= 0; n = body.read(buf)) {
      target.write(buf, 0, n);
      if (target.size() > MAX_LINK_TARGET) {
        throw new MalformedMultipartException(
            "the symlink target of \"" + path + "\" is longer than " + MAX_LINK_TARGET + " bytes");
      }
    }
    return target.toString(StandardCharsets.UTF_8);
  }
}
