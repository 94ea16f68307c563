package io.ipfscluster.api;

import java.util.Locale;

/**
 * How IPFS reports a CID in its pinset ({@code pin/ls}): pinned directly, recursively, indirectly
 * (as part of another pin's DAG) or not at all.
 *
 * <p>In JSON, {@link #DIRECT}, {@link #RECURSIVE} and {@link #INDIRECT} are written by name and
 * every other value as {@code ""}, as the original does.
 *
 * <p>Thread-safe: an enum.
 */
public enum IpfsPinStatus {
  /** An unexpected answer from IPFS: what any unknown type parses to. */
  BUG(""),
  /** IPFS could not be asked. */
  ERROR(""),
  /** Pinned without its children. */
  DIRECT("direct"),
  /** Pinned with its whole DAG. */
  RECURSIVE("recursive"),
  /** Not pinned itself, but part of a recursively pinned DAG. */
  INDIRECT("indirect"),
  /** Not pinned. */
  UNPINNED("");

  private final String jsonName;

  IpfsPinStatus(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in JSON: the IPFS type, or {@code ""} for bug, error and unpinned. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * Parses a type as IPFS writes it: exactly {@code direct}, or anything starting with {@code
   * recursive} or {@code indirect} (IPFS says {@code indirect through <cid>}); anything else,
   * including {@code ""} and null, is {@link #BUG}.
   */
  public static IpfsPinStatus parse(String type) {
    if (type == null) {
      return BUG;
    }
    if (type.startsWith("indirect")) {
      return INDIRECT;
    }
    if (type.startsWith("recursive")) {
      return RECURSIVE;
    }
    return type.equals("direct") ? DIRECT : BUG;
  }

  /**
   * The tracker status this IPFS status stands for: direct and recursive are pinned, indirect and
   * unpinned are unpinned, error is a cluster error and bug is undefined.
   */
  public TrackerStatus toTrackerStatus() {
    return switch (this) {
      case DIRECT, RECURSIVE -> TrackerStatus.PINNED;
      case INDIRECT, UNPINNED -> TrackerStatus.UNPINNED;
      case ERROR -> TrackerStatus.CLUSTER_ERROR;
      case BUG -> TrackerStatus.UNDEFINED;
    };
  }

  /**
   * Whether this status is what a pin of depth {@code maxDepth} expects: direct for 0, recursive
   * otherwise (IPFS reports pins of limited depth as recursive).
   */
  public boolean satisfies(int maxDepth) {
    return maxDepth == 0 ? this == DIRECT : this == RECURSIVE;
  }

  @Override
  public String toString() {
    return jsonName.isEmpty() ? name().toLowerCase(Locale.ROOT) : jsonName;
  }
}
