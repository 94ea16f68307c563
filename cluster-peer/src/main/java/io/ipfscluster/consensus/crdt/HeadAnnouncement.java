package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a peer tells the others after it commits, and again every {@code rebroadcast_interval}: its
 * heads, its version vector and its state digest. A receiver fetches the heads whose dots it does
 * not cover (then their missing parents); one whose vector equals the sender's compares digests to
 * detect divergence (crdt-design §4b).
 *
 * <p>An announcement made right after a local commit also carries the encoded blocks of that commit
 * when they are small ({@link #MAX_INLINE_BYTES}), so that receivers need not fetch them back from
 * the author. They are untrusted bytes: a receiver verifies them exactly as fetched blocks (hash,
 * signature, trusted author), and fetches whatever they do not provide.
 *
 * <p>Immutable and thread-safe (the inline arrays are never modified).
 *
 * @param sender the announcing peer
 * @param heads the sender's heads, sorted by dot
 * @param versionVector the sender's version vector
 * @param stateDigest the sender's state digest ({@link ReplicaInfo#stateDigest()})
 * @param blocks encoded blocks carried inline, possibly none, at most {@link #MAX_INLINE_BYTES}
 */
public record HeadAnnouncement(
    PeerId sender,
    List<BlockRef> heads,
    VersionVector versionVector,
    String stateDigest,
    List<byte[]> blocks) {
  /**
   * Bytes of blocks carried inline, at most. A commit of a batch of pins makes one block of a few
   * KiB; 128 KiB holds many of those (commits coalesced while a publish waits) while keeping a
   * gossip message, which every mesh peer forwards, far below the 1 MiB frame limit. Larger blocks
   * (an imported state's) are fetched by range as before.
   */
  public static final int MAX_INLINE_BYTES = 128 << 10;

  public HeadAnnouncement {
    Objects.requireNonNull(sender, "sender");
    heads = List.copyOf(heads);
    Objects.requireNonNull(versionVector, "versionVector");
    Objects.requireNonNull(stateDigest, "stateDigest");
    blocks = List.copyOf(blocks);
    if (inlineBytes(blocks) > MAX_INLINE_BYTES) {
      throw new IllegalArgumentException(
          "inline blocks of " + inlineBytes(blocks) + " bytes, at most " + MAX_INLINE_BYTES);
    }
  }

  /** An announcement of heads only. */
  public HeadAnnouncement(
      PeerId sender, List<BlockRef> heads, VersionVector versionVector, String stateDigest) {
    this(sender, heads, versionVector, stateDigest, List.of());
  }

  /** This announcement carrying {@code newBlocks} inline, or heads only if they are too big. */
  HeadAnnouncement withInline(List<DeltaBlock> newBlocks) {
    List<byte[]> bytes = newBlocks.stream().map(DeltaBlock::sharedBytes).toList();
    if (bytes.isEmpty() || inlineBytes(bytes) > MAX_INLINE_BYTES) {
      return this;
    }
    return new HeadAnnouncement(sender, heads, versionVector, stateDigest, bytes);
  }

  /**
   * This announcement (the later one) carrying also the inline blocks of {@code earlier}, which it
   * replaces in a queue, as far as they fit: so that commits that outpace publishing, or
   * announcements that wait while a sync runs, still bring their blocks. Blocks that do not fit are
   * dropped; the receiver fetches them.
   */
  public HeadAnnouncement carryingBlocksOf(HeadAnnouncement earlier) {
    if (earlier == null || earlier.blocks.isEmpty() || !earlier.sender.equals(sender)) {
      return this;
    }
    long room = MAX_INLINE_BYTES - inlineBytes(blocks);
    List<byte[]> kept = new ArrayList<>();
    for (int i = earlier.blocks.size() - 1; i >= 0; i--) { // the newest earlier blocks first
      byte[] b = earlier.blocks.get(i);
      if (b.length > room) {
        break;
      }
      room -= b.length;
      kept.addFirst(b);
    }
    if (kept.isEmpty()) {
      return this;
    }
    kept.addAll(blocks);
    return new HeadAnnouncement(sender, heads, versionVector, stateDigest, kept);
  }

  /** The total size of {@code blocks}. */
  public static long inlineBytes(List<byte[]> blocks) {
    long n = 0;
    for (byte[] b : blocks) {
      n += b.length;
    }
    return n;
  }
}
