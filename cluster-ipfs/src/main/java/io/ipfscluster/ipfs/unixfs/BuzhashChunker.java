package io.ipfscluster.ipfs.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Content-defined chunks cut by a buzhash over a 32-byte window, as kubo's {@code buzhash} chunker
 * cuts them (boxo {@code chunker/buzhash.go}).
 *
 * <p>The algorithm, restated: fill a 512 KiB buffer. With less than 128 KiB left in the stream,
 * that rest is the last chunk. Otherwise hash the 32 bytes that end at 128 KiB, then slide the
 * window forward a byte at a time (rotate the 32-bit state left by one, add the entering byte's
 * table value, remove the leaving byte's); cut at the end of the first window whose state has its
 * low 17 bits zero. Only windows that end before the buffer's last byte are tested; when none
 * matches, the whole buffer is the chunk. Unused bytes stay buffered for the next chunk.
 *
 * <p>Not thread-safe.
 */
final class BuzhashChunker implements Chunker {
  static final int MIN = 128 << 10;
  static final int MAX = 512 << 10;
  private static final int MASK = (1 << 17) - 1;
  private static final int WINDOW = 32;
  private static final int[] TABLE = BuzhashTable.VALUES;

  private final InputStream in;
  private final byte[] buf = new byte[MAX];
  private int buffered;
  private boolean done;
  private long read;

  BuzhashChunker(InputStream in) {
    this.in = in;
  }

  @Override
  public byte[] next() throws IOException {
    if (done) {
      return null;
    }
    int n = in.readNBytes(buf, buffered, MAX - buffered);
    read += n;
    int total = buffered + n;
    if (total < MIN) {
      done = true;
      return total == 0 ? null : Arrays.copyOf(buf, total);
    }
    int state = 0;
    for (int i = MIN - WINDOW; i < MIN; i++) {
      state = Integer.rotateLeft(state, 1) ^ TABLE[buf[i] & 0xFF];
    }
    int last = total - WINDOW - 1;
    int i = MIN - WINDOW;
    for (; i <= last; i++) {
      if ((state & MASK) == 0) {
        break;
      }
      state = Integer.rotateLeft(state, 1) ^ TABLE[buf[i] & 0xFF] ^ TABLE[buf[i + WINDOW] & 0xFF];
    }
    int length = i + WINDOW;
    byte[] chunk = Arrays.copyOf(buf, length);
    buffered = total - length;
    System.arraycopy(buf, length, buf, 0, buffered);
    return chunk;
  }

  @Override
  public long bytesRead() {
    return read;
  }
}
