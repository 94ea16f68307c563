package io.ipfscluster.state;

import io.ipfscluster.multiformats.PeerId;
import java.util.Arrays;

/**
 * Peer IDs decoded recently, by their binary form: a pinset names the same few peers in the
 * allocations of every pin, so decoding them through this cache builds each {@link PeerId} once,
 * and the text it caches ({@code 12D3KooW…}, costly base58) is computed once per peer instead of
 * once per pin and peer when the state is exported or listed as JSON.
 *
 * <p>Direct-mapped and bounded: {@value #SLOTS} slots, a newcomer replaces the slot's occupant.
 * Thread-safe without locks: a slot holds an immutable entry and is replaced whole; a stale or lost
 * write costs a miss, never a wrong answer.
 */
final class PeerIdCache {
  static final int SLOTS = 256;

  private record Entry(byte[] bytes, PeerId id) {}

  private final Entry[] slots = new Entry[SLOTS];

  /**
   * The peer ID whose binary form is {@code bytes}. The cache keeps {@code bytes}: the caller must
   * not change the array afterwards.
   *
   * @throws io.ipfscluster.multiformats.MultiformatException if {@code bytes} is not a peer ID
   */
  PeerId fromBytes(byte[] bytes) {
    int hash = Arrays.hashCode(bytes);
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    Entry entry = slots[slot];
    if (entry != null && Arrays.equals(entry.bytes, bytes)) {
      return entry.id;
    }
    PeerId id = PeerId.fromBytes(bytes);
    slots[slot] = new Entry(bytes, id);
    return id;
  }
}
