package io.ipfscluster.ipfs.unixfs;

/**
 * MurmurHash3 x64 128-bit with seed 0, keeping the first 64-bit half: the hash UnixFS HAMT shards
 * use for entry names ({@code hashType} 0x22, "murmur3-x64-64"; Go's {@code
 * spaolacci/murmur3.New64}).
 *
 * <p>Thread-safe: stateless.
 */
final class Murmur3 {
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /** The first 64 bits of MurmurHash3_x64_128({@code data}, seed 0). */
  static long hash64(byte[] data) {
    int length = data.length;
    long h1 = 0;
    long h2 = 0;
    int blocks = length / 16;
    for (int i = 0; i < blocks; i++) {
      long k1 = le64(data, i * 16);
      long k2 = le64(data, i * 16 + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks * 16;
    long k1 = 0;
    long k2 = 0;
    int rest = length & 15;
    for (int i = rest - 1; i >= 8; i--) {
      k2 ^= (long) (data[tail + i] & 0xFF) << ((i - 8) * 8);
    }
    if (rest > 8) {
      h2 ^= mixK2(k2);
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 ^= (long) (data[tail + i] & 0xFF) << (i * 8);
    }
    if (rest > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    return h1 + h2;
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long le64(byte[] b, int i) {
    long v = 0;
    for (int j = 7; j >= 0; j--) {
      v = v << 8 | (b[i + j] & 0xFF);
    }
    return v;
  }
}
