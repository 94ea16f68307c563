package io.ipfscluster.api;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status of a pin on one cluster peer, without the pin's own fields: what {@link GlobalPinInfo}
 * keeps per peer and {@link PinInfo} carries alongside the pin.
 *
 * <p>Immutable and thread-safe.
 *
 * @param peerName the cluster peer's name
 * @param ipfsPeerId the peer ID of the cluster peer's IPFS node, or null when unknown
 * @param ipfsPeerAddresses the addresses of that IPFS node (empty when unknown)
 * @param status where the pin stands on the peer
 * @param timestamp when the status was last set
 * @param error why the last operation failed, or {@code ""}
 * @param attemptCount how many times the peer tried the current operation
 * @param priorityPin whether the pin jumped the queue (it had failed fewer times than others)
 */
public record PinInfoShort(
    String peerName,
    PeerId ipfsPeerId,
    List<Multiaddr> ipfsPeerAddresses,
    TrackerStatus status,
    Instant timestamp,
    String error,
    int attemptCount,
    boolean priorityPin) {

  public PinInfoShort {
    peerName = Objects.requireNonNullElse(peerName, "");
    ipfsPeerAddresses = ipfsPeerAddresses == null ? List.of() : List.copyOf(ipfsPeerAddresses);
    status = Objects.requireNonNullElse(status, TrackerStatus.UNDEFINED);
    timestamp = Objects.requireNonNullElse(timestamp, GoTime.ZERO);
    error = Objects.requireNonNullElse(error, "");
    if (attemptCount < 0) {
      throw new IllegalArgumentException("attempt_count must not be negative, got " + attemptCount);
    }
  }

  /** A status with no IPFS node details, no error and no attempts. */
  public static PinInfoShort of(String peerName, TrackerStatus status, Instant timestamp) {
    return new PinInfoShort(peerName, null, List.of(), status, timestamp, "", 0, false);
  }

  /** A {@link TrackerStatus#CLUSTER_ERROR} status for a peer that could not be asked. */
  public static PinInfoShort clusterError(String peerName, Instant timestamp, String error) {
    return new PinInfoShort(
        peerName, null, List.of(), TrackerStatus.CLUSTER_ERROR, timestamp, error, 0, false);
  }

  public PinInfoShort withStatus(TrackerStatus newStatus) {
    return new PinInfoShort(
        peerName,
        ipfsPeerId,
        ipfsPeerAddresses,
        newStatus,
        timestamp,
        error,
        attemptCount,
        priorityPin);
  }

  public PinInfoShort withError(String newError) {
    return new PinInfoShort(
        peerName,
        ipfsPeerId,
        ipfsPeerAddresses,
        status,
        timestamp,
        newError,
        attemptCount,
        priorityPin);
  }
}
