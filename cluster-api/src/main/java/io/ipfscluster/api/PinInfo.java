package io.ipfscluster.api;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status of one pin on one cluster peer, with the pin's name, allocations, origins, creation
 * time and metadata: what a peer's pin tracker reports.
 *
 * <p>Collections are never null (empty when unset); metadata is sorted by key. In JSON the fields
 * of {@code peerStatus} follow the pin's fields in the same object.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cid the pinned CID
 * @param name the pin's name
 * @param peer the cluster peer reporting, or null when unknown
 * @param allocations the peers the pin is allocated to
 * @param origins where the content may be fetched from
 * @param created when the pin was added to the pinset, or {@link GoTime#ZERO}
 * @param metadata the pin's metadata
 * @param peerStatus the status on {@code peer}
 */
public record PinInfo(
    Cid cid,
    String name,
    PeerId peer,
    List<PeerId> allocations,
    List<Multiaddr> origins,
    Instant created,
    Map<String, String> metadata,
    PinInfoShort peerStatus) {

  public PinInfo {
    Objects.requireNonNull(cid, "cid");
    name = Objects.requireNonNullElse(name, "");
    allocations = allocations == null ? List.of() : List.copyOf(allocations);
    origins = origins == null ? List.of() : List.copyOf(origins);
    created = Objects.requireNonNullElse(created, GoTime.ZERO);
    metadata =
        metadata == null || metadata.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(metadata));
    Objects.requireNonNull(peerStatus, "peerStatus");
  }

  /** The status of {@code pin} on {@code peer}, taking name, allocations and the rest from it. */
  public static PinInfo of(Pin pin, PeerId peer, PinInfoShort peerStatus) {
    PinOptions o = pin.options();
    return new PinInfo(
        pin.cid(),
        o.name(),
        peer,
        pin.allocations(),
        o.origins(),
        pin.timestamp(),
        o.metadata(),
        peerStatus);
  }

  /** Where the pin stands on {@code peer}. */
  public TrackerStatus status() {
    return peerStatus.status();
  }

  public PinInfo withPeerStatus(PinInfoShort newStatus) {
    return new PinInfo(cid, name, peer, allocations, origins, created, metadata, newStatus);
  }
}
