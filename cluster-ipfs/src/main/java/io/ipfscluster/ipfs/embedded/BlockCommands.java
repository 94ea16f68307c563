package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.ipld.DagCbor;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code block/put}, {@code block/get}, {@code block/stat} and {@code block/rm}, with kubo's
 * options, answers and messages.
 *
 * <p>{@code block/put} takes any number of blocks in one multipart request (the cluster streams a
 * whole DAG that way) as one all-or-nothing import: a block that fails (an unknown codec or hash, a
 * dag-pb or dag-cbor block that does not decode, a block past StorageMax, a body cut short) fails
 * the request and takes back the blocks it had written.
 *
 * <p>Stateless and thread-safe.
 */
final class BlockCommands {
  /** kubo's limit without {@code allow-big-block}: 1 MiB. */
  static final int SOFT_BLOCK_LIMIT = 1 << 20;

  /** The largest block read at all, even with {@code allow-big-block}. */
  static final int HARD_BLOCK_LIMIT = 32 << 20;

  private BlockCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("block/put", BlockCommands::put);
    commands.put("block/get", BlockCommands::get);
    commands.put("block/stat", BlockCommands::stat);
    commands.put("block/rm", BlockCommands::rm);
  }

  /** How {@code block/put} makes CIDs: kubo's defaults are CIDv1, raw, sha2-256. */
  private record Prefix(int version, Multicodec codec, HashFunction hash) {
    Cid cidOf(byte[] data) {
      Multihash mh = Multihash.compute(hash, data);
      return version == 0 ? Cid.v0(mh) : Cid.v1(codec, mh);
    }
  }

  private static Prefix prefix(Call call) {
    String mhtype = call.option("mhtype", "");
    HashFunction hash;
    try {
      hash = HashFunction.ofName(mhtype.isEmpty() ? "sha2-256" : mhtype);
    } catch (MultiformatException e) {
      throw KuboError.normal("unrecognized multihash function: " + mhtype);
    }
    if (hash == HashFunction.IDENTITY) {
      throw KuboError.normal(
          "unsupported multihash function: identity (blocks are stored by hash)");
    }
    long mhlen = call.integer("mhlen", -1);
    if (mhlen != -1 && mhlen != hash.digestLength()) {
      throw KuboError.normal(
          "unsupported mhlen "
              + mhlen
              + " for "
              + hash.specName()
              + ": this node stores only full-length digests ("
              + hash.digestLength()
              + ")");
    }
    String codecName = call.option("cid-codec", "");
    String format = call.option("format", "");
    int version = 1;
    if (!format.isEmpty()) {
      if (!codecName.isEmpty() && !codecName.equals("raw")) {
        throw KuboError.normal(
            "unable to use \"format\" (deprecated) and a custom \"cid-codec\" at the same time");
      }
      if (format.equals("v0")) {
        version = 0;
      }
      codecName =
          switch (format) {
            case "v0", "protobuf" -> "dag-pb";
            case "cbor" -> "dag-cbor";
            default -> format;
          };
    }
    Multicodec codec;
    try {
      codec = Multicodec.ofName(codecName.isEmpty() ? "raw" : codecName);
    } catch (MultiformatException e) {
      throw KuboError.normal("unrecognized codec: " + codecName);
    }
    if (codec != Multicodec.RAW && codec != Multicodec.DAG_PB && codec != Multicodec.DAG_CBOR) {
      throw KuboError.normal(
          "unsupported codec "
              + codec.specName()
              + ": this node stores raw, dag-pb and dag-cbor blocks, whose links it can follow");
    }
    if (version == 0 && hash != HashFunction.SHA2_256) {
      throw KuboError.normal("only sha2-255-32 is allowed with CIDv0");
    }
    return new Prefix(version, codec, hash);
  }

  private static void put(Call call) throws Exception {
    Prefix prefix = prefix(call);
    boolean pin = call.bool("pin", false);
    boolean allowBig = call.bool("allow-big-block", false);
    MultipartReader parts = call.multipart("data");
    IpfsNode node = call.node();
    List<Map<String, Object>> stored = new ArrayList<>();
    List<Cid> cids = new ArrayList<>();
    try (BlockImport im = node.beginImport()) {
      MultipartReader.Part part;
      while ((part = parts.next()) != null) {
        if (part.contentType().equals("application/x-directory")) {
          throw KuboError.normal("expected a file");
        }
        byte[] data = readBlock(part.body(), allowBig);
        check(prefix.codec(), data);
        Cid cid = prefix.cidOf(data);
        im.putTrusted(cid.multihash(), data);
        cids.add(cid);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("Key", cid.toString());
        line.put("Size", data.length);
        stored.add(line);
      }
      if (pin) {
        im.commit();
        for (Cid cid : cids) {
          node.pins().pinRecursive(cid, "", new AtomicLong());
        }
      } else {
        im.commit();
      }
    }
    Call.Ndjson out = call.stream();
    for (Map<String, Object> line : stored) {
      out.emit(line);
    }
    out.end();
  }

  /** Reads one block, refusing those over kubo's size limits. */
  static byte[] readBlock(InputStream body, boolean allowBig) throws IOException {
    int limit = allowBig ? HARD_BLOCK_LIMIT : SOFT_BLOCK_LIMIT;
    byte[] data = body.readNBytes(limit + 1);
    if (data.length > limit) {
      throw KuboError.normal(
          allowBig
              ? "block is over the " + (HARD_BLOCK_LIMIT >> 20) + " MiB this node accepts"
              : "produced block is over 1MiB: big blocks can't be exchanged with other peers."
                  + " consider using UnixFS for automatic chunking of bigger files, or pass"
                  + " --allow-big-block to override");
    }
    return data;
  }

  /** Refuses a block that does not decode in its codec, since its links could not be followed. */
  static void check(Multicodec codec, byte[] data) {
    try {
      switch (codec) {
        case DAG_PB -> PbNode.decode(data);
        case DAG_CBOR -> DagCbor.decode(data);
        default -> {}
      }
    } catch (IllegalArgumentException e) {
      throw KuboError.normal("block is not valid " + codec.specName() + ": " + e.getMessage());
    }
  }

  private static void get(Call call) throws Exception {
    Cid cid = PathResolver.resolve(call.node(), call.arg(0, "cid"));
    byte[] data = call.node().getBlock(cid);
    OutputStream out = call.raw("application/vnd.ipld.raw", -1);
    out.write(data);
  }

  private static void stat(Call call) throws Exception {
    Cid cid = PathResolver.resolve(call.node(), call.arg(0, "cid"));
    long size = call.node().blockstore().sizeOf(cid.multihash());
    if (size < 0) {
      size = call.node().getBlock(cid).length;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Key", cid.toString());
    out.put("Size", size);
    call.single(out);
  }

  private static void rm(Call call) throws Exception {
    if (call.args().isEmpty()) {
      throw KuboError.missingArgument("cid");
    }
    boolean force = call.bool("force", false);
    boolean quiet = call.bool("quiet", false);
    Call.Ndjson out = call.stream();
    for (String path : call.args()) {
      Cid cid = PathResolver.resolve(call.node(), path);
      String error = call.node().removeBlock(cid, force);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("Hash", cid.toString());
      if (error != null) {
        line.put("Error", error);
        out.emit(line);
      } else if (!quiet) {
        out.emit(line);
      }
    }
    out.end();
  }
}
