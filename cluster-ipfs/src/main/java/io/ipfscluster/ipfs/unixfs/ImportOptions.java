package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.ipfs.ipld.CidPrefix;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.MultiformatException;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link UnixfsImporter} builds DAGs: kubo's {@code ipfs add} settings.
 *
 * <p>Immutable and thread-safe. The compact constructor validates every field and throws {@link
 * IllegalArgumentException} with kubo's message where kubo has one.
 *
 * @param chunker {@code size-N}, {@code rabin}, {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX} or
 *     {@code buzhash}; {@code ""} means {@code size-262144}
 * @param layout balanced or trickle
 * @param rawLeaves whether leaves are raw blocks rather than UnixFS nodes
 * @param cidVersion 0 or 1; 0 requires sha2-256
 * @param hash the multihash function (not identity)
 * @param wrap whether to wrap the added entries in a directory
 * @param progress whether to report bytes read as {@code AddedOutput} progress events
 * @param maxLinks the most links an inner file node holds (kubo: 174)
 * @param hamtShardingSize a directory whose estimated size exceeds this many bytes is written as a
 *     HAMT (kubo: 256 KiB); 0 never shards
 * @param hamtFanout the width of HAMT shards (kubo: 256): a power of two, multiple of 8, ≤ 1024
 */
public record ImportOptions(
    String chunker,
    Layout layout,
    boolean rawLeaves,
    int cidVersion,
    HashFunction hash,
    boolean wrap,
    boolean progress,
    int maxLinks,
    int hamtShardingSize,
    int hamtFanout) {

  /** kubo's {@code helpers.DefaultLinksPerBlock}: 8 KiB / 47 bytes per link. */
  public static final int DEFAULT_MAX_LINKS = 174;

  /** kubo's {@code Import.UnixFSHAMTDirectorySizeThreshold}: 256 KiB. */
  public static final int DEFAULT_HAMT_SHARDING_SIZE = 256 * 1024;

  /** kubo's {@code Import.UnixFSHAMTDirectoryMaxFanout}: 256. */
  public static final int DEFAULT_HAMT_FANOUT = 256;

  public ImportOptions {
    chunker = chunker == null || chunker.isEmpty() ? "size-262144" : chunker;
    ChunkerSpec.parse(chunker);
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(hash, "hash");
    if (hash == HashFunction.IDENTITY) {
      throw new IllegalArgumentException("the identity hash cannot be used to import files");
    }
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("unknown CID version: " + cidVersion);
    }
    if (cidVersion == 0 && hash != HashFunction.SHA2_256) {
      throw new IllegalArgumentException("CIDv0 only supports sha2-256");
    }
    if (maxLinks < 2) {
      throw new IllegalArgumentException("maxLinks must be at least 2, got " + maxLinks);
    }
    if (hamtShardingSize < 0) {
      throw new IllegalArgumentException(
          "hamtShardingSize must not be negative, got " + hamtShardingSize);
    }
    if (hamtFanout < 8 || hamtFanout > 1024 || Integer.bitCount(hamtFanout) != 1) {
      throw new IllegalArgumentException(
          "HAMT fanout must be a positive power of 2 and multiple of 8 up to 1024, got "
              + hamtFanout);
    }
  }

  /** kubo's defaults: 256 KiB chunks, balanced, CIDv0 with sha2-256, no raw leaves, no wrapping. */
  public static ImportOptions defaults() {
    return new ImportOptions(
        "size-262144",
        Layout.BALANCED,
        false,
        0,
        HashFunction.SHA2_256,
        false,
        false,
        DEFAULT_MAX_LINKS,
        DEFAULT_HAMT_SHARDING_SIZE,
        DEFAULT_HAMT_FANOUT);
  }

  /**
   * The importer settings of a cluster {@code /add} request.
   *
   * <p>{@link AddParams} already turns raw leaves on for {@code cid-version=1} unless the request
   * said otherwise. A hash other than sha2-256 with {@code cid-version=0} would be an invalid
   * CIDv0; as {@code ipfs-cluster-ctl} and kubo (when the version is not given) do, it selects
   * CIDv1 with raw leaves. Hash names are matched case-insensitively, as kubo does.
   *
   * @throws IllegalArgumentException for an unknown hash function or chunker, {@code nocopy} (there
   *     is no filestore), or {@code format=car} (use {@link CarImporter})
   */
  public static ImportOptions fromAddParams(AddParams params) {
    if (params.noCopy()) {
      throw new IllegalArgumentException("nocopy is not supported: there is no filestore");
    }
    if (params.format().equals("car")) {
      throw new IllegalArgumentException("format=car is a CAR import, not a UnixFS import");
    }
    HashFunction hash;
    try {
      hash = HashFunction.ofName(params.hashFunction().toLowerCase(Locale.ROOT));
    } catch (MultiformatException e) {
      throw new IllegalArgumentException(
          "unrecognized hash function: \"" + params.hashFunction().toLowerCase(Locale.ROOT) + "\"",
          e);
    }
    int cidVersion = params.cidVersion();
    boolean rawLeaves = params.rawLeaves();
    if (cidVersion == 0 && hash != HashFunction.SHA2_256) {
      cidVersion = 1;
      rawLeaves = true;
    }
    return new ImportOptions(
        params.chunker(),
        params.layout().equals("trickle") ? Layout.TRICKLE : Layout.BALANCED,
        rawLeaves,
        cidVersion,
        hash,
        params.wrap(),
        params.progress(),
        DEFAULT_MAX_LINKS,
        DEFAULT_HAMT_SHARDING_SIZE,
        DEFAULT_HAMT_FANOUT);
  }

  /** The prefix of dag-pb nodes: CIDv0, or CIDv1 dag-pb with {@link #hash()}. */
  public CidPrefix prefix() {
    return cidVersion == 0 ? CidPrefix.V0 : CidPrefix.v1(Multicodec.DAG_PB, hash);
  }

  public ImportOptions withChunker(String chunker) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withLayout(Layout layout) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withRawLeaves(boolean rawLeaves) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  /**
   * CID version and hash together (kubo's {@code --cid-version}, {@code --hash}); raw leaves are
   * left as they are.
   */
  public ImportOptions withCid(int cidVersion, HashFunction hash) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withWrap(boolean wrap) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withProgress(boolean progress) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withMaxLinks(int maxLinks) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  public ImportOptions withHamtShardingSize(int hamtShardingSize) {
    return new ImportOptions(
        chunker,
        layout,
        rawLeaves,
        cidVersion,
        hash,
        wrap,
        progress,
        maxLinks,
        hamtShardingSize,
        hamtFanout);
  }

  /** The parsed chunker. */
  ChunkerSpec chunkerSpec() {
    return ChunkerSpec.parse(chunker);
  }
}
