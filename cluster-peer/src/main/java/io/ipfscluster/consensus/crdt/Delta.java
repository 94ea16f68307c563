package io.ipfscluster.consensus.crdt;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * The content of a CRDT block (everything but its signature): who wrote it, its place in the DAG,
 * and the changes it makes to the pinset. See {@link BlockCodec} for the encoding.
 *
 * <p>A block adds at most one element per key; each added element is named by (key, {@link
 * #dot()}). It removes elements by naming their dots: a put removes the dots its writer had
 * observed for the key, a delete removes them without adding. The rules below make the encoding
 * canonical, and the compact constructor enforces them, so a decoded block is well-formed:
 *
 * <ul>
 *   <li>{@code writer} is {@link WriterId#of} of {@code author} and {@code incarnation};
 *   <li>{@code seq} and {@code height} are at least 1; {@code height} is 1 + the greatest parent
 *       height, or 1 without parents;
 *   <li>parents are sorted by dot, without repeats, and none names this block's dot or a later
 *       block of the same writer;
 *   <li>adds are sorted by key, one per key, with non-empty values;
 *   <li>removes are sorted by key, one per key, each with dots sorted, without repeats and not
 *       naming this block.
 * </ul>
 *
 * <p>Immutable and thread-safe (the value arrays of {@link Add} are never modified).
 *
 * @param writer the writer ID
 * @param author the peer that signs the block (an Ed25519 peer ID)
 * @param incarnation the 16 random bytes of the author's replica
 * @param seq the writer's sequence number
 * @param height 1 + the greatest height among the parents
 * @param parents the heads of the writer's replica when it wrote the block
 * @param adds the elements added
 * @param removes the elements removed
 */
public record Delta(
    WriterId writer,
    PeerId author,
    byte[] incarnation,
    long seq,
    long height,
    List<BlockRef> parents,
    List<Add> adds,
    List<Remove> removes) {

  /**
   * An element added: a pin, keyed by its CID.
   *
   * @param key the CID bytes of the pin
   * @param value the pin in the protobuf encoding of {@link io.ipfscluster.state.PinCodec}
   */
  public record Add(Cid key, byte[] value) {
    public Add {
      Objects.requireNonNull(key, "add key");
      Objects.requireNonNull(value, "add value");
      if (value.length == 0) {
        throw new IllegalArgumentException("add of " + key + " has an empty value");
      }
    }
  }

  /**
   * Elements removed from a key.
   *
   * @param key the CID bytes of the pin
   * @param dots the dots of the elements removed, sorted
   */
  public record Remove(Cid key, List<Dot> dots) {
    public Remove {
      Objects.requireNonNull(key, "remove key");
      dots = List.copyOf(dots);
      if (dots.isEmpty()) {
        throw new IllegalArgumentException("remove of " + key + " names no dots");
      }
      for (int i = 1; i < dots.size(); i++) {
        if (dots.get(i - 1).compareTo(dots.get(i)) >= 0) {
          throw new IllegalArgumentException(
              "remove of " + key + " has dots out of order or repeated at " + dots.get(i));
        }
      }
    }
  }

  public Delta {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(incarnation, "incarnation");
    parents = List.copyOf(parents);
    adds = List.copyOf(adds);
    removes = List.copyOf(removes);
    if (incarnation.length != WriterId.INCARNATION_BYTES) {
      throw new IllegalArgumentException(
          "incarnation must be "
              + WriterId.INCARNATION_BYTES
              + " bytes, got "
              + incarnation.length);
    }
    if (author.ed25519PublicKey().isEmpty()) {
      throw new IllegalArgumentException("author " + author + " is not an Ed25519 peer ID");
    }
    if (!writer.equals(WriterId.of(author, incarnation))) {
      throw new IllegalArgumentException(
          "writer " + writer + " does not belong to author " + author + " and its incarnation");
    }
    Dot own = new Dot(writer, seq); // checks seq >= 1
    long maxParentHeight = 0;
    for (int i = 0; i < parents.size(); i++) {
      BlockRef p = parents.get(i);
      if (i > 0 && parents.get(i - 1).dot().compareTo(p.dot()) >= 0) {
        throw new IllegalArgumentException("parents out of order or repeated at " + p.dot());
      }
      if (p.dot().writer().equals(writer) && p.dot().seq() >= seq) {
        throw new IllegalArgumentException(
            "parent " + p.dot() + " is not an earlier block of writer " + writer);
      }
      maxParentHeight = Math.max(maxParentHeight, p.height());
    }
    if (height != maxParentHeight + 1) {
      throw new IllegalArgumentException(
          "height must be "
              + (maxParentHeight + 1)
              + " (1 + greatest parent height), got "
              + height);
    }
    for (int i = 1; i < adds.size(); i++) {
      if (adds.get(i - 1).key().compareTo(adds.get(i).key()) >= 0) {
        throw new IllegalArgumentException(
            "adds out of order or repeated at key " + adds.get(i).key());
      }
    }
    for (int i = 0; i < removes.size(); i++) {
      Remove r = removes.get(i);
      if (i > 0 && removes.get(i - 1).key().compareTo(r.key()) >= 0) {
        throw new IllegalArgumentException("removes out of order or repeated at key " + r.key());
      }
      if (r.dots().contains(own)) {
        throw new IllegalArgumentException("remove of " + r.key() + " names the block itself");
      }
    }
  }

  /** This block's dot. */
  public Dot dot() {
    return new Dot(writer, seq);
  }

  @Override
  public byte[] incarnation() {
    return incarnation.clone();
  }
}
