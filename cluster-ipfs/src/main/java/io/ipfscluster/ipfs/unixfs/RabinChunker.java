package io.ipfscluster.ipfs.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Content-defined chunks cut by a Rabin fingerprint over a 16-byte window, as kubo cuts them (boxo
 * {@code chunker.NewRabinMinMax}, which uses the restic-derived {@code whyrusleeping/chunker} with
 * polynomial 17437180132763653, degree 53).
 *
 * <p>The algorithm, restated: each chunk starts with a fresh fingerprint into which the byte 1 has
 * been slid. The first {@code min - 16} bytes of a chunk are not fingerprinted at all; from then on
 * every byte is slid into the window. Once the chunk holds at least {@code min} bytes, it is cut
 * after the first byte where the fingerprint's low {@code floor(log2(avg))} bits are all zero, or
 * at {@code max} bytes. The rest of the stream ends the last chunk. (With {@code min < 16}, which
 * kubo allows for {@code rabin-AVG} with a small average, the skip count underflows in Go and the
 * whole rest of the stream becomes one chunk; this class does the same, up to the 2 MiB block
 * limit.)
 *
 * <p>Not thread-safe.
 */
final class RabinChunker implements Chunker {
  /** kubo's {@code IpfsRabinPoly}, an irreducible polynomial of degree 53 over GF(2). */
  static final long POLYNOMIAL = 17437180132763653L;

  private static final int WINDOW = 16;
  private static final int BLOCK_LIMIT = 2 * 1024 * 1024;
  private static final int READ_SIZE = 256 * 1024;
  private static final Tables KUBO = new Tables(POLYNOMIAL);

  /** The lookup tables for one polynomial: sliding a byte out, and reducing after a shift. */
  static final class Tables {
    private final long polynomial;
    private final int degree;
    private final int shift;
    private final long[] out = new long[256];
    private final long[] mod = new long[256];

    Tables(long polynomial) {
      this.polynomial = polynomial;
      this.degree = 63 - Long.numberOfLeadingZeros(polynomial);
      this.shift = degree - 8;
      for (int b = 0; b < 256; b++) {
        long h = mod((long) b);
        for (int i = 0; i < WINDOW - 1; i++) {
          h = mod(h << 8);
        }
        out[b] = h;
        mod[b] = mod((long) b << degree) | ((long) b << degree);
      }
    }

    /** The remainder of {@code x} divided by the polynomial, in GF(2)[X]. */
    long mod(long x) {
      while (x != 0 && 63 - Long.numberOfLeadingZeros(x) >= degree) {
        x ^= polynomial << (63 - Long.numberOfLeadingZeros(x) - degree);
      }
      return x;
    }
  }

  private final Tables tables;
  private final InputStream in;
  private final long min;
  private final long max;
  private final long mask;
  private final boolean unbounded;
  private final byte[] buf;
  private final byte[] window = new byte[WINDOW];
  private int start;
  private int end;
  private boolean eof;
  private long read;

  RabinChunker(InputStream in, long min, long avg, long max) {
    this(in, min, avg, max, KUBO);
  }

  /** A chunker with another polynomial's tables (tests compare with other implementations). */
  RabinChunker(InputStream in, long min, long avg, long max, Tables tables) {
    this.tables = tables;
    this.in = in;
    this.min = min;
    this.max = max;
    this.mask = (1L << (63 - Long.numberOfLeadingZeros(avg))) - 1;
    this.unbounded = min < WINDOW;
    long capacity = (unbounded ? BLOCK_LIMIT + 1L : max) + READ_SIZE;
    this.buf = new byte[(int) capacity];
  }

  @Override
  public byte[] next() throws IOException {
    if (start == end && !fill()) {
      return null;
    }
    Arrays.fill(window, (byte) 0);
    window[0] = 1;
    int wpos = 1;
    long digest = 1; // the fingerprint after sliding in the byte 1
    long[] outTable = tables.out;
    long[] modTable = tables.mod;
    int shift = tables.shift;
    int pos = start;
    long skip = unbounded ? Long.MAX_VALUE : min - WINDOW;
    while (true) {
      if (pos == end) {
        int offset = pos - start;
        if (!fill()) {
          return cut(end - start);
        }
        pos = start + offset;
      }
      long count = pos - start;
      if (count < skip) {
        long n = Math.min(skip - count, end - pos);
        pos += (int) n;
        if (unbounded && pos - start > BLOCK_LIMIT) {
          throw new IllegalArgumentException("object size limit exceeded");
        }
        continue;
      }
      int b = buf[pos++] & 0xFF;
      int out = window[wpos] & 0xFF;
      window[wpos] = (byte) b;
      wpos = (wpos + 1) & (WINDOW - 1);
      digest ^= outTable[out];
      int index = (int) (digest >>> shift);
      digest = ((digest << 8) | b) ^ modTable[index];
      long length = pos - start;
      if (length >= min && ((digest & mask) == 0 || length >= max)) {
        return cut((int) length);
      }
    }
  }

  private byte[] cut(int length) {
    byte[] chunk = Arrays.copyOfRange(buf, start, start + length);
    start += length;
    return chunk;
  }

  /** Reads more input after {@code end}, first moving the current chunk to the front. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (end == buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = in.readNBytes(buf, end, Math.min(READ_SIZE, buf.length - end));
    read += n;
    end += n;
    if (n == 0) {
      eof = true;
      return false;
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return read;
  }
}
