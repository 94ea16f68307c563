package io.ipfscluster.net;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.multiformats.Multiaddr;

/**
 * A {@code /dns}, {@code /dns4}, {@code /dns6} or {@code /dnsaddr} multiaddr that gave no usable
 * address. The message names the address and why (no such domain, a timeout, no records, records
 * only for other peers, nesting too deep); {@link #address} is the address asked about.
 *
 * <p>Immutable.
 */
public final class AddressResolutionException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final transient Multiaddr address;

  AddressResolutionException(Multiaddr address, String reason) {
    super(Kind.FAILED, "cannot resolve " + address + ": " + reason);
    this.address = address;
  }

  /** The address that could not be resolved (null after deserialization). */
  public Multiaddr address() {
    return address;
  }
}
