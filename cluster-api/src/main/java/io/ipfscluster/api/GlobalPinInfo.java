package io.ipfscluster.api;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The status of one pin across the cluster: the pin's fields once, and each peer's {@link
 * PinInfoShort} keyed by peer ID (sorted, as the JSON writes them).
 *
 * <p>Build one from per-peer reports with {@link #builder()}. Immutable and thread-safe.
 *
 * @param cid the pinned CID
 * @param name the pin's name
 * @param allocations the peers the pin is allocated to
 * @param origins where the content may be fetched from
 * @param created when the pin was added to the pinset, or {@link GoTime#ZERO}
 * @param metadata the pin's metadata
 * @param peerMap each peer's status, sorted by peer ID
 */
public record GlobalPinInfo(
    Cid cid,
    String name,
    List<PeerId> allocations,
    List<Multiaddr> origins,
    Instant created,
    Map<String, String> metadata,
    SortedMap<PeerId, PinInfoShort> peerMap) {

  public GlobalPinInfo {
    Objects.requireNonNull(cid, "cid");
    name = Objects.requireNonNullElse(name, "");
    allocations = allocations == null ? List.of() : List.copyOf(allocations);
    origins = origins == null ? List.of() : List.copyOf(origins);
    created = Objects.requireNonNullElse(created, GoTime.ZERO);
    metadata =
        metadata == null || metadata.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(metadata));
    peerMap =
        Collections.unmodifiableSortedMap(
            peerMap == null ? new TreeMap<>() : new TreeMap<>(peerMap));
  }

  /** The global status made of one peer's report (the original's {@code PinInfo.ToGlobal}). */
  public static GlobalPinInfo of(PinInfo info) {
    return builder().add(info).build();
  }

  /** A builder that merges per-peer reports. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether some peer's status matches {@code filter}. */
  public boolean matches(StatusFilter filter) {
    return peerMap.values().stream().anyMatch(s -> filter.matches(s.status()));
  }

  /**
   * Merges per-peer {@link PinInfo} reports into a {@link GlobalPinInfo}.
   *
   * <p>Each report sets the peer's entry (a later report for the same peer replaces it). The pin's
   * fields (cid, name, allocations, origins, created, metadata) are taken from every report whose
   * status is neither {@link TrackerStatus#CLUSTER_ERROR} nor {@link TrackerStatus#UNDEFINED}, so
   * the last such report wins; an error report only fills them while no report has set them. This
   * is the original's {@code GlobalPinInfo.Add}.
   *
   * <p>Not thread-safe: one thread merges, then calls {@link #build()}.
   */
  public static final class Builder {
    private final TreeMap<PeerId, PinInfoShort> peerMap = new TreeMap<>();
    private PinInfo top;

    private Builder() {}

    /**
     * Adds one peer's report.
     *
     * @throws NullPointerException when the report has no peer
     */
    public Builder add(PinInfo info) {
      Objects.requireNonNull(info.peer(), "a PinInfo merged into a GlobalPinInfo needs its peer");
      TrackerStatus s = info.status();
      if (top == null || (s != TrackerStatus.CLUSTER_ERROR && s != TrackerStatus.UNDEFINED)) {
        top = info;
      }
      peerMap.put(info.peer(), info.peerStatus());
      return this;
    }

    /** Whether no report was added yet. */
    public boolean isEmpty() {
      return top == null;
    }

    /**
     * The merged status.
     *
     * @throws IllegalStateException when no report was added
     */
    public GlobalPinInfo build() {
      if (top == null) {
        throw new IllegalStateException("a GlobalPinInfo needs at least one PinInfo");
      }
      return new GlobalPinInfo(
          top.cid(),
          top.name(),
          top.allocations(),
          top.origins(),
          top.created(),
          top.metadata(),
          peerMap);
    }
  }
}
