package io.ipfscluster.api;

import static io.ipfscluster.api.QueryString.first;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@link PinOptions} as URL query parameters, the way the REST API, {@code /add} and the clients
 * pass them: {@code name}, {@code mode}, {@code replication-min}, {@code replication-max}, {@code
 * replication} (both), {@code shard-size}, {@code user-allocations}, {@code expire-at} or {@code
 * expire-in}, {@code meta-<key>}, {@code pin-update} and {@code origins}.
 *
 * <p>Thread-safe: stateless.
 */
public final class PinOptionsQuery {
  private static final String META_PREFIX = "meta-";
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private PinOptionsQuery() {}

  /**
   * Reads pin options from query parameters, taking the first value of each, in the original's
   * order; absent parameters leave the defaults of {@link PinOptions#defaults()}. Peers in {@code
   * user-allocations} that do not parse are dropped; {@code expire-in} counts from {@code now}.
   *
   * @throws IllegalArgumentException with the original's message, which the REST API answers with
   *     400: {@code parameter replication-min invalid} (or {@code -max}), {@code parameter
   *     shard_size is invalid}, {@code expire-at cannot be parsed: …}, {@code expire-in cannot be
   *     parsed: …}, {@code expire-in duration too short}, {@code error decoding update option
   *     parameter: …}, {@code error decoding multiaddress: …} or {@code multiaddress does not
   *     contain peer ID: …}
   */
  public static PinOptions parse(Map<String, List<String>> query, Instant now) {
    String name = first(query, "name");
    PinMode mode = PinMode.ofName(first(query, "mode"));
    String replication = first(query, "replication");
    int rmin =
        intParam(
            "replication-min",
            replication.isEmpty() ? first(query, "replication-min") : replication);
    int rmax =
        intParam(
            "replication-max",
            replication.isEmpty() ? first(query, "replication-max") : replication);
    long shardSize = 0;
    String shard = first(query, "shard-size");
    if (!shard.isEmpty()) {
      if (!shard.chars().allMatch(c -> c >= '0' && c <= '9') || shard.length() > 18) {
        throw new IllegalArgumentException("parameter shard_size is invalid");
      }
      shardSize = Long.parseLong(shard);
    }
    List<PeerId> allocations = new ArrayList<>();
    String allocs = first(query, "user-allocations");
    if (!allocs.isEmpty()) {
      for (String p : allocs.split(",", -1)) {
        try {
          allocations.add(PeerId.parse(p));
        } catch (IllegalArgumentException dropped) {
          // The original drops peers it cannot decode.
        }
      }
    }
    Instant expireAt = parseExpiry(first(query, "expire-at"), first(query, "expire-in"), now);
    Map<String, String> metadata = new TreeMap<>();
    for (String key : query.keySet()) {
      if (key.startsWith(META_PREFIX) && key.length() > META_PREFIX.length()) {
        metadata.put(key.substring(META_PREFIX.length()), first(query, key));
      }
    }
    Cid pinUpdate = null;
    String update = first(query, "pin-update");
    if (!update.isEmpty()) {
      try {
        pinUpdate = Cid.parse(update);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "error decoding update option parameter: " + e.getMessage(), e);
      }
    }
    return new PinOptions(
        rmin,
        rmax,
        name,
        mode,
        shardSize,
        allocations,
        expireAt,
        metadata,
        pinUpdate,
        parseOrigins(first(query, "origins")));
  }

  /** {@link #parse(Map, Instant)} with {@code expire-in} counted from the system clock. */
  public static PinOptions parse(Map<String, List<String>> query) {
    return parse(query, Instant.now());
  }

  /**
   * The query parameters that {@link #parse} reads back into {@code options} (but for {@code
   * expire-at}, written to the nanosecond and read back to the nanosecond): as the original's
   * client writes them, replication, name, mode, shard size and user allocations always, the rest
   * when set. Keys are sorted.
   */
  public static Map<String, List<String>> toParams(PinOptions options) {
    Map<String, List<String>> q = new TreeMap<>();
    q.put("replication-min", List.of(Integer.toString(options.replicationFactorMin())));
    q.put("replication-max", List.of(Integer.toString(options.replicationFactorMax())));
    q.put("name", List.of(options.name()));
    q.put("mode", List.of(options.mode().jsonName()));
    q.put("shard-size", List.of(Long.toString(options.shardSize())));
    q.put("user-allocations", List.of(join(options.userAllocations())));
    if (options.expires()) {
      q.put("expire-at", List.of(GoTime.format(options.expireAt())));
    }
    options
        .metadata()
        .forEach(
            (k, v) -> {
              if (!k.isEmpty()) { // meta-=v would not read back
                q.put(META_PREFIX + k, List.of(v));
              }
            });
    if (options.pinUpdate() != null) {
      q.put("pin-update", List.of(options.pinUpdate().toString()));
    }
    if (!options.origins().isEmpty()) {
      q.put("origins", List.of(join(options.origins())));
    }
    return q;
  }

  /** {@link #toParams} encoded as a query string, without the leading {@code ?}. */
  public static String toQueryString(PinOptions options) {
    return QueryString.encode(toParams(options));
  }

  /**
   * Parses an integer parameter as Go's {@code strconv.Atoi} does (optional sign, ASCII digits); 0
   * when empty.
   *
   * @throws IllegalArgumentException {@code parameter <name> invalid} when malformed or out of
   *     range
   */
  static int intParam(String name, String text) {
    if (text.isEmpty()) {
      return 0;
    }
    int start = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
    boolean digits = start < text.length() && text.length() <= 11;
    for (int i = start; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    long v = digits ? Long.parseLong(text) : Long.MAX_VALUE;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("parameter " + name + " invalid");
    }
    return (int) v;
  }

  private static Instant parseExpiry(String at, String in, Instant now) {
    if (!at.isEmpty()) {
      if (!RFC3339.matcher(at).matches()) {
        throw new IllegalArgumentException(
            "expire-at cannot be parsed: parsing time \""
                + at
                + "\" as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 time");
      }
      try {
        return GoTime.parse(at);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expire-at cannot be parsed: " + e.getMessage(), e);
      }
    }
    if (in.isEmpty()) {
      return GoTime.ZERO;
    }
    Duration d;
    try {
      d = GoDuration.parse(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expire-in cannot be parsed: " + e.getMessage(), e);
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("expire-in duration too short");
    }
    return now.plus(d);
  }

  private static List<Multiaddr> parseOrigins(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<Multiaddr> origins = new ArrayList<>();
    for (String s : text.split(",", -1)) {
      Multiaddr a;
      try {
        a = Multiaddr.parse(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("error decoding multiaddress: " + e.getMessage(), e);
      }
      if (!a.has(Protocol.P2P)) {
        throw new IllegalArgumentException(
            "multiaddress does not contain peer ID: protocol not found in multiaddr");
      }
      origins.add(a);
    }
    return origins;
  }

  private static String join(List<?> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(v);
    }
    return sb.toString();
  }
}
