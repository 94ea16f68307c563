package io.ipfscluster.api;

import static io.ipfscluster.api.QueryString.first;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to import and pin content added through {@code POST /add}: the pin options plus the
 * importer's settings. It travels only as query parameters ({@link #fromQuery}, {@link #toQuery}).
 *
 * <p>{@code format} is {@code unixfs} (files are chunked into a UnixFS DAG) or {@code car} (the
 * body is a CAR file); {@code layout} is {@code ""} (balanced), {@code balanced} or {@code
 * trickle}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pinOptions how to pin the result; its {@code pinUpdate} is always null
 * @param local whether to add to this peer's IPFS node only, then pin through the cluster
 * @param recursive whether directories are added recursively
 * @param hidden whether hidden files are included
 * @param wrap whether to wrap the files in a directory
 * @param shard whether to shard the DAG across peers
 * @param streamChannels whether the answer is NDJSON streamed as it goes (else a JSON array)
 * @param format {@code unixfs} or {@code car}
 * @param noPin whether to import without pinning
 * @param layout the DAG layout: {@code ""} or {@code balanced}, or {@code trickle}
 * @param chunker the chunker, for example {@code size-262144} or {@code rabin-…}
 * @param rawLeaves whether leaves are raw blocks rather than UnixFS nodes
 * @param progress whether to report bytes processed as the import goes
 * @param cidVersion 0 or 1
 * @param hashFunction the multihash function name, for example {@code sha2-256}
 * @param noCopy whether to reference the data (filestore) instead of storing it
 */
public record AddParams(
    PinOptions pinOptions,
    boolean local,
    boolean recursive,
    boolean hidden,
    boolean wrap,
    boolean shard,
    boolean streamChannels,
    String format,
    boolean noPin,
    String layout,
    String chunker,
    boolean rawLeaves,
    boolean progress,
    int cidVersion,
    String hashFunction,
    boolean noCopy) {

  /** The shard size of {@link #defaults()}: 100 MiB. */
  public static final long DEFAULT_SHARD_SIZE = 100L * 1024 * 1024;

  private static final String DEFAULT_CHUNKER = "size-262144";
  private static final String DEFAULT_HASH = "sha2-256";
  private static final Set<String> LAYOUTS = Set.of("", "balanced", "trickle");
  private static final Set<String> FORMATS = Set.of("unixfs", "car");

  public AddParams {
    pinOptions = Objects.requireNonNullElse(pinOptions, PinOptions.defaults());
    if (pinOptions.pinUpdate() != null) {
      pinOptions = pinOptions.withPinUpdate(null);
    }
    format = format == null || format.isEmpty() ? "unixfs" : format;
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("format must be unixfs or car, got \"" + format + "\"");
    }
    layout = Objects.requireNonNullElse(layout, "");
    if (!LAYOUTS.contains(layout)) {
      throw new IllegalArgumentException(
          "layout must be balanced or trickle, got \"" + layout + "\"");
    }
    chunker = chunker == null || chunker.isEmpty() ? DEFAULT_CHUNKER : chunker;
    hashFunction = hashFunction == null || hashFunction.isEmpty() ? DEFAULT_HASH : hashFunction;
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("cid-version must be 0 or 1, got " + cidVersion);
    }
  }

  /**
   * The defaults: stream channels on, UnixFS, balanced layout, {@code size-262144} chunks, CIDv0
   * with {@code sha2-256}, shard size 100 MiB, everything else off or unset.
   */
  public static AddParams defaults() {
    return new AddParams(
        PinOptions.defaults().withShardSize(DEFAULT_SHARD_SIZE),
        false,
        false,
        false,
        false,
        false,
        true,
        "unixfs",
        false,
        "",
        DEFAULT_CHUNKER,
        false,
        false,
        0,
        DEFAULT_HASH,
        false);
  }

  /**
   * Reads the parameters of a {@code POST /add} request, with the pin options of {@link
   * PinOptionsQuery} ({@code pin-update} ignored). Absent parameters keep the {@link #defaults()};
   * {@code raw-leaves} defaults to true when {@code cid-version} is above 0. Booleans are read like
   * Go's {@code strconv.ParseBool}.
   *
   * <p>Unlike the original's server, which uses shard size 0 when {@code shard-size} is absent, the
   * default is 100 MiB, as the clients send.
   *
   * @throws IllegalArgumentException with the original's message: those of {@link
   *     PinOptionsQuery#parse}, {@code layout parameter is invalid}, {@code format parameter is
   *     invalid} or {@code parameter <name> invalid} (also for a {@code cid-version} other than 0
   *     or 1, which the original only rejects once the import starts)
   */
  public static AddParams fromQuery(Map<String, List<String>> query, Instant now) {
    PinOptions options = PinOptionsQuery.parse(query, now).withPinUpdate(null);
    if (first(query, "shard-size").isEmpty()) {
      options = options.withShardSize(DEFAULT_SHARD_SIZE);
    }
    String layout = first(query, "layout");
    if (!LAYOUTS.contains(layout)) {
      throw new IllegalArgumentException("layout parameter is invalid");
    }
    String format = first(query, "format");
    if (!format.isEmpty() && !FORMATS.contains(format)) {
      throw new IllegalArgumentException("format parameter is invalid");
    }
    boolean local = bool(query, "local", false);
    boolean recursive = bool(query, "recursive", false);
    boolean hidden = bool(query, "hidden", false);
    boolean wrap = bool(query, "wrap-with-directory", false);
    boolean shard = bool(query, "shard", false);
    boolean progress = bool(query, "progress", false);
    int cidVersion = PinOptionsQuery.intParam("cid-version", first(query, "cid-version"));
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("parameter cid-version invalid");
    }
    boolean rawLeaves = bool(query, "raw-leaves", cidVersion > 0);
    boolean streamChannels = bool(query, "stream-channels", true);
    boolean noCopy = bool(query, "nocopy", false);
    boolean noPin = bool(query, "no-pin", false);
    return new AddParams(
        options,
        local,
        recursive,
        hidden,
        wrap,
        shard,
        streamChannels,
        format,
        noPin,
        layout,
        first(query, "chunker"),
        rawLeaves,
        progress,
        cidVersion,
        first(query, "hash"),
        noCopy);
  }

  /** {@link #fromQuery(Map, Instant)} with {@code expire-in} counted from the system clock. */
  public static AddParams fromQuery(Map<String, List<String>> query) {
    return fromQuery(query, Instant.now());
  }

  /**
   * The query string that {@link #fromQuery} reads back into these parameters, every parameter
   * written, sorted by key, as the original's client writes it (without the leading {@code ?}).
   */
  public String toQuery() {
    Map<String, List<String>> q = PinOptionsQuery.toParams(pinOptions);
    q.put("shard", List.of(Boolean.toString(shard)));
    q.put("local", List.of(Boolean.toString(local)));
    q.put("recursive", List.of(Boolean.toString(recursive)));
    q.put("layout", List.of(layout));
    q.put("chunker", List.of(chunker));
    q.put("raw-leaves", List.of(Boolean.toString(rawLeaves)));
    q.put("hidden", List.of(Boolean.toString(hidden)));
    q.put("wrap-with-directory", List.of(Boolean.toString(wrap)));
    q.put("progress", List.of(Boolean.toString(progress)));
    q.put("cid-version", List.of(Integer.toString(cidVersion)));
    q.put("hash", List.of(hashFunction));
    q.put("stream-channels", List.of(Boolean.toString(streamChannels)));
    q.put("nocopy", List.of(Boolean.toString(noCopy)));
    q.put("format", List.of(format));
    q.put("no-pin", List.of(Boolean.toString(noPin)));
    return QueryString.encode(q);
  }

  public AddParams withPinOptions(PinOptions options) {
    return new AddParams(
        options,
        local,
        recursive,
        hidden,
        wrap,
        shard,
        streamChannels,
        format,
        noPin,
        layout,
        chunker,
        rawLeaves,
        progress,
        cidVersion,
        hashFunction,
        noCopy);
  }

  /** Reads a boolean like Go's {@code strconv.ParseBool}; {@code absent} when empty. */
  private static boolean bool(Map<String, List<String>> query, String name, boolean absent) {
    return switch (first(query, name)) {
      case "" -> absent;
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException("parameter " + name + " invalid");
    };
  }
}
