package io.ipfscluster.api;

/**
 * Where a pin stands on one peer, as its pin tracker reports it. The values are bit flags so that a
 * set of them forms a {@link StatusFilter}; {@link #UNDEFINED} is 0.
 *
 * <p>Thread-safe: an enum.
 */
public enum TrackerStatus {
  /** No status: a bug when reported, "every status" when used as a filter. */
  UNDEFINED(0, "undefined"),
  /** The peer could not be asked, or failed to answer. */
  CLUSTER_ERROR(1 << 1, "cluster_error"),
  /** Pinning in IPFS failed. */
  PIN_ERROR(1 << 2, "pin_error"),
  /** Unpinning in IPFS failed. */
  UNPIN_ERROR(1 << 3, "unpin_error"),
  /** IPFS has pinned the content. */
  PINNED(1 << 4, "pinned"),
  /** IPFS is pinning the content. */
  PINNING(1 << 5, "pinning"),
  /** IPFS is unpinning the content. */
  UNPINNING(1 << 6, "unpinning"),
  /** IPFS does not pin the content. */
  UNPINNED(1 << 7, "unpinned"),
  /** The pin is in the pinset but allocated to other peers. */
  REMOTE(1 << 8, "remote"),
  /** Waiting in the queue to be pinned. */
  PIN_QUEUED(1 << 9, "pin_queued"),
  /** Waiting in the queue to be unpinned. */
  UNPIN_QUEUED(1 << 10, "unpin_queued"),
  /** A sharded DAG's root (meta pin), tracked through its shards rather than pinned itself. */
  SHARDED(1 << 11, "sharded"),
  /** Allocated here and not pinned in IPFS, though neither queued nor pinning. */
  UNEXPECTEDLY_UNPINNED(1 << 12, "unexpectedly_unpinned");

  private final int bit;
  private final String jsonName;

  TrackerStatus(int bit, String jsonName) {
    this.bit = bit;
    this.jsonName = jsonName;
  }

  /** The bit flag; 0 for {@link #UNDEFINED}. */
  public int bit() {
    return bit;
  }

  /** The name in JSON and in filters, for example {@code pin_error}. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The status named {@code name}; any other name, including the filter-only names {@code error}
   * and {@code queued}, is {@link #UNDEFINED}, as the original decodes it.
   */
  public static TrackerStatus ofName(String name) {
    for (TrackerStatus s : values()) {
      if (s.jsonName.equals(name)) {
        return s;
      }
    }
    return UNDEFINED;
  }

  /** Whether this is one of the error statuses (cluster, pin or unpin error). */
  public boolean isError() {
    return (bit & StatusFilter.ERROR.mask()) != 0;
  }

  /** Whether {@code filter} selects this status; {@link #UNDEFINED} matches every filter. */
  public boolean matches(StatusFilter filter) {
    return filter.matches(this);
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
