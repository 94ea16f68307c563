package io.ipfscluster.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/** {@code size} pseudo-random bytes from a seed, generated as they are read. Not thread-safe. */
final class RandomStream extends InputStream {
  private final SplittableRandom random;
  private long left;

  RandomStream(long size, long seed) {
    this.random = new SplittableRandom(seed);
    this.left = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (left <= 0) {
      return -1;
    }
    int n = (int) Math.min(len, left);
    for (int i = 0; i < n; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[off + i + j] = (byte) (v >>> (8 * j));
      }
    }
    left -= n;
    return n;
  }
}
