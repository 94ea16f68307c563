package io.ipfscluster.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of {@link TrackerStatus} values, as {@code GET /pins?filter=…} and {@code ipfs-cluster-ctl
 * status --filter} take it: a bit mask where 0 ({@link #ALL}) selects everything.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mask the OR of the selected statuses' bits; 0 selects every status
 */
public record StatusFilter(int mask) {
  /** Every status bit, from cluster_error (2) to unexpectedly_unpinned (4096). */
  private static final int VALID = 0x1FFE;

  /** Selects every status. */
  public static final StatusFilter ALL = new StatusFilter(0);

  /** The filter name {@code error}: cluster, pin and unpin errors. */
  public static final StatusFilter ERROR =
      new StatusFilter(
          TrackerStatus.CLUSTER_ERROR.bit()
              | TrackerStatus.PIN_ERROR.bit()
              | TrackerStatus.UNPIN_ERROR.bit());

  /** The filter name {@code queued}: queued for pinning or unpinning. */
  public static final StatusFilter QUEUED =
      new StatusFilter(TrackerStatus.PIN_QUEUED.bit() | TrackerStatus.UNPIN_QUEUED.bit());

  public StatusFilter {
    if ((mask & ~VALID) != 0) {
      throw new IllegalArgumentException(
          "status filter mask has bits of no status: 0x" + Integer.toHexString(mask));
    }
  }

  /** The filter selecting exactly the given statuses. */
  public static StatusFilter of(TrackerStatus... statuses) {
    int mask = 0;
    for (TrackerStatus s : statuses) {
      mask |= s.bit();
    }
    return new StatusFilter(mask);
  }

  /**
   * Parses a comma-separated list of status names, {@code error} and {@code queued}, ignoring
   * spaces and unknown names, as the original does.
   *
   * @return {@link #ALL} for null or empty text; empty when the text names no known status (the
   *     REST API answers {@code invalid filter value} then, the CLI {@code invalid filter name}) —
   *     {@code undefined} alone counts as no known status, since it selects nothing more than
   *     {@link #ALL}
   */
  public static Optional<StatusFilter> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.of(ALL);
    }
    int mask = 0;
    for (String name : text.replace(" ", "").split(",", -1)) {
      mask |=
          switch (name) {
            case "error" -> ERROR.mask;
            case "queued" -> QUEUED.mask;
            default -> TrackerStatus.ofName(name).bit();
          };
    }
    return mask == 0 ? Optional.empty() : Optional.of(new StatusFilter(mask));
  }

  /** Whether this filter selects {@code status}: always for {@link #ALL} and for undefined. */
  public boolean matches(TrackerStatus status) {
    return mask == 0 || status.bit() == 0 || (mask & status.bit()) != 0;
  }

  /**
   * The filter as {@link #parse} reads it: {@code error}, {@code queued}, a comma list in bit
   * order, or the empty string for {@link #ALL} (which the original's client then leaves out).
   */
  @Override
  public String toString() {
    if (mask == 0) {
      return "";
    }
    if (mask == ERROR.mask) {
      return "error";
    }
    if (mask == QUEUED.mask) {
      return "queued";
    }
    List<String> names = new ArrayList<>();
    for (TrackerStatus s : TrackerStatus.values()) {
      if ((mask & s.bit()) != 0) {
        names.add(s.jsonName());
      }
    }
    return String.join(",", names);
  }
}
