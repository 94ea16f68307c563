package io.ipfscluster.api;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Objects;

/**
 * Who a cluster peer's IPFS node is: its peer ID and addresses, or why they could not be learned.
 * The original calls this {@code IPFSID}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the IPFS node's peer ID, or null when unknown
 * @param addresses the IPFS node's addresses (empty when unknown)
 * @param error why the node could not be asked, or {@code ""}
 */
public record IpfsInfo(PeerId id, List<Multiaddr> addresses, String error) {
  private static final IpfsInfo UNKNOWN = new IpfsInfo(null, List.of(), "");

  public IpfsInfo {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    error = Objects.requireNonNullElse(error, "");
  }

  /** No ID, no addresses, no error: what the original's zero value holds. */
  public static IpfsInfo unknown() {
    return UNKNOWN;
  }

  /** The IPFS node could not be asked, for the reason {@code error}. */
  public static IpfsInfo failed(String error) {
    return new IpfsInfo(null, List.of(), error);
  }
}
