package io.ipfscluster.client;

import io.ipfscluster.api.QueryString;
import io.ipfscluster.client.AddEntry.Directory;
import io.ipfscluster.client.AddEntry.File;
import io.ipfscluster.client.AddEntry.Symlink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The {@code multipart/form-data} body of {@code POST /add}, byte for byte as the original's client
 * (boxo's {@code MultiFileReader} in form mode) writes it: one part per file, directory and link,
 * depth first, each named by its path with {@code filename="<query-escaped path>"}, directories as
 * {@code application/x-directory} parts followed by their entries, links as {@code
 * application/symlink} parts holding the target; file mode and time in the part's {@code name}
 * parameter ({@code file?mode=0644&mtime=…}) and the file's absolute path in {@code
 * Abspath-Encoded}.
 *
 * <p>Not thread-safe: written by one thread.
 */
final class MultipartBody implements RequestBody {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<AddEntry> entries;
  private final String boundary;
  private final LongConsumer sent;

  /**
   * @param sent told of the file bytes written so far, after each write
   */
  MultipartBody(List<AddEntry> entries, LongConsumer sent) {
    this.entries = List.copyOf(entries);
    byte[] b = new byte[30];
    RANDOM.nextBytes(b);
    this.boundary = HexFormat.of().formatHex(b);
    this.sent = sent;
  }

  @Override
  public long length() {
    return -1;
  }

  @Override
  public boolean replayable() {
    return entries.stream().allMatch(AddEntry::replayable);
  }

  @Override
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Writer w = new Writer(out);
    for (AddEntry e : entries) {
      w.write(e, "");
    }
    out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private final class Writer {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private boolean first = true;
    private long total;

    Writer(OutputStream out) {
      this.out = out;
    }

    void write(AddEntry e, String dir) throws IOException {
      String path = dir.isEmpty() ? e.name() : dir + "/" + e.name();
      switch (e) {
        case File f -> {
          head(path, f.mode(), f.modTime(), "application/octet-stream", f.absPath());
          copy(f, path);
        }
        case Symlink s -> {
          head(path, s.mode(), s.modTime(), "application/symlink", null);
          out.write(s.target().getBytes(StandardCharsets.UTF_8));
        }
        case Directory d -> {
          head(path, d.mode(), d.modTime(), "application/x-directory", null);
          List<AddEntry> children;
          try {
            children = d.children().list();
          } catch (IOException ex) {
            throw new SourceException("open " + path + ": " + ex.getMessage(), ex);
          }
          for (AddEntry c : children) {
            write(c, path);
          }
        }
      }
    }

    private void head(String path, int mode, Instant mtime, String type, String absPath)
        throws IOException {
      StringBuilder h = new StringBuilder(256);
      h.append(first ? "--" : "\r\n--").append(boundary).append("\r\n");
      first = false;
      if (absPath != null) {
        h.append("Abspath-Encoded: ").append(QueryString.escape(absPath)).append("\r\n");
      }
      h.append("Content-Disposition: form-data; name=\"file");
      StringBuilder params = new StringBuilder();
      if (mode != 0) {
        params.append("mode=0").append(Long.toOctalString(mode & 0xFFFFFFFFL));
      }
      if (mtime != null) {
        params.append(params.isEmpty() ? "" : "&").append("mtime=").append(mtime.getEpochSecond());
        if (mtime.getNano() > 0) {
          params.append("&mtime-nsecs=").append(mtime.getNano());
        }
      }
      if (!params.isEmpty()) {
        h.append('?').append(params);
      }
      h.append("\"; filename=\"").append(QueryString.escape(path)).append("\"\r\n");
      h.append("Content-Type: ").append(type).append("\r\n\r\n");
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void copy(File f, String path) throws IOException {
      InputStream in;
      try {
        in = f.content().open();
      } catch (IOException ex) {
        throw new SourceException("open " + path + ": " + ex.getMessage(), ex);
      }
      try (in) {
        while (true) {
          int n;
          try {
            n = in.read(buf);
          } catch (IOException ex) {
            throw new SourceException("read " + path + ": " + ex.getMessage(), ex);
          }
          if (n < 0) {
            return;
          }
          out.write(buf, 0, n);
          total += n;
          sent.accept(total);
        }
      }
    }
  }
}
