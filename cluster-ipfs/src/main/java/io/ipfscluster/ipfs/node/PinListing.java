package io.ipfscluster.ipfs.node;

import io.ipfscluster.multiformats.Cid;
import java.util.Objects;

/**
 * One pin of the node, as {@code pin/ls} reports it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cid the pinned CID
 * @param kind how it is pinned
 * @param name the pin's name ({@code ""} for none, and for indirect pins)
 * @param via for an indirect pin found by checking one CID, the recursive pin that reaches it; else
 *     null
 */
public record PinListing(Cid cid, PinKind kind, String name, Cid via) {
  public PinListing {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(kind, "kind");
    name = Objects.requireNonNullElse(name, "");
  }

  /**
   * kubo's type string: {@code recursive}, {@code direct}, {@code indirect} or {@code indirect
   * through <cid>}.
   */
  public String kuboType() {
    return via == null ? kind.kuboName() : kind.kuboName() + " through " + via;
  }
}
