package io.ipfscluster.ipfs.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Chunks of exactly {@code size} bytes, the last one shorter (kubo's {@code size-N}). Each chunk is
 * read straight into the array that is returned, so a raw leaf costs no copy.
 *
 * <p>Not thread-safe.
 */
final class FixedSizeChunker implements Chunker {
  private final InputStream in;
  private final int size;
  private long read;
  private boolean eof;

  FixedSizeChunker(InputStream in, int size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public byte[] next() throws IOException {
    if (eof) {
      return null;
    }
    byte[] chunk = new byte[size];
    int n = in.readNBytes(chunk, 0, size);
    read += n;
    if (n < size) {
      eof = true;
      return n == 0 ? null : Arrays.copyOf(chunk, n);
    }
    return chunk;
  }

  @Override
  public long bytesRead() {
    return read;
  }
}
