package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/**
 * A dag-pb link: the CID it points to, an optional name and an optional cumulative size ({@code
 * Tsize}: the target block's size plus the Tsizes of its links).
 *
 * <p>kubo writes both optional fields on every link it creates, an empty name included; {@link #of}
 * builds such a link. Immutable and thread-safe.
 *
 * @param cid the target
 * @param name the name, or null when the field is absent
 * @param tsize the cumulative size of the target, or null when the field is absent
 */
public record PbLink(Cid cid, String name, Long tsize) {

  /** Orders links by name as UTF-8 bytes (absent names first), as kubo sorts directory links. */
  public static final Comparator<PbLink> BY_NAME =
      (a, b) -> compareNames(a.name == null ? "" : a.name, b.name == null ? "" : b.name);

  public PbLink {
    Objects.requireNonNull(cid, "cid");
    if (tsize != null && tsize < 0) {
      throw new IllegalArgumentException("tsize must not be negative, got " + tsize);
    }
  }

  /** A link with both optional fields present, as kubo writes them. */
  public static PbLink of(Cid cid, String name, long tsize) {
    return new PbLink(cid, Objects.requireNonNull(name, "name"), tsize);
  }

  /** Compares names as Go's {@code strings.Compare} does: by their UTF-8 bytes, unsigned. */
  public static int compareNames(String a, String b) {
    if (isAscii(a) && isAscii(b)) {
      return a.compareTo(b);
    }
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
