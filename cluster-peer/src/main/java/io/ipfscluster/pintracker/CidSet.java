package io.ipfscluster.pintracker;

import io.ipfscluster.multiformats.Cid;
import java.util.Arrays;

/**
 * An exact set of CIDs stored compactly, for holding the IPFS node's pinset while the state is
 * streamed past it: the binary CIDs sit back to back in one byte array, each behind a two-byte
 * length, and an open-addressing table of {@code int} offsets (at most half full) finds them. A
 * CIDv0 costs 36 bytes of storage plus 8 to 16 bytes of table, with no object per CID.
 *
 * <p>Not thread-safe: fill it, then read it from one thread (or hand it over safely).
 */
final class CidSet {
  private static final int MAX_CID_LENGTH = 0xFFFF;

  private byte[] arena = new byte[4096];
  private int used;
  private int[] slots = new int[64]; // 1 + offset into arena; 0 = empty
  private int size;

  /** Adds {@code cid}; returns false when it was there already. */
  boolean add(Cid cid) {
    byte[] bytes = cid.toBytes();
    if (bytes.length > MAX_CID_LENGTH) {
      throw new IllegalArgumentException("CID of " + bytes.length + " bytes is too long: " + cid);
    }
    int slot = find(bytes, cid.hashCode());
    if (slots[slot] != 0) {
      return false;
    }
    ensureArena(2 + bytes.length);
    arena[used] = (byte) (bytes.length >>> 8);
    arena[used + 1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, arena, used + 2, bytes.length);
    slots[slot] = used + 1;
    used += 2 + bytes.length;
    if (++size * 2 > slots.length) {
      rehash();
    }
    return true;
  }

  boolean contains(Cid cid) {
    return slots[find(cid.toBytes(), cid.hashCode())] != 0;
  }

  int size() {
    return size;
  }

  /** The slot holding {@code bytes}, or the empty slot where they belong. */
  private int find(byte[] bytes, int hash) {
    int mask = slots.length - 1;
    int i = mix(hash) & mask;
    while (slots[i] != 0 && !equalsAt(slots[i] - 1, bytes)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private boolean equalsAt(int offset, byte[] bytes) {
    int length = lengthAt(offset);
    return length == bytes.length
        && Arrays.equals(arena, offset + 2, offset + 2 + length, bytes, 0, length);
  }

  private int lengthAt(int offset) {
    return ((arena[offset] & 0xFF) << 8) | (arena[offset + 1] & 0xFF);
  }

  private void ensureArena(int more) {
    if (used + more <= arena.length) {
      return;
    }
    long wanted = Math.max((long) used + more, arena.length + (arena.length >> 1));
    if (wanted > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("more than 2 GiB of CIDs in one set");
    }
    arena = Arrays.copyOf(arena, (int) wanted);
  }

  private void rehash() {
    int[] old = slots;
    slots = new int[old.length * 2];
    int mask = slots.length - 1;
    for (int entry : old) {
      if (entry != 0) {
        int offset = entry - 1;
        int i = mix(hashAt(offset + 2, lengthAt(offset))) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = entry;
      }
    }
  }

  /** {@link Arrays#hashCode(byte[])} of a stored CID: what {@link Cid#hashCode()} returns. */
  private int hashAt(int from, int length) {
    int h = 1;
    for (int i = from; i < from + length; i++) {
      h = 31 * h + arena[i];
    }
    return h;
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
