package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.Layout;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.MultiformatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code add}: files and directories of a multipart body into UnixFS DAGs through the importer,
 * with kubo's options ({@code chunker}, {@code trickle} (or the cluster's {@code layout}), {@code
 * raw-leaves}, {@code cid-version}, {@code hash}, {@code wrap-with-directory}, {@code progress},
 * {@code only-hash}, {@code pin}, {@code pin-name}, {@code silent}, {@code max-file-links}, {@code
 * max-hamt-fanout}) and kubo's answer: one {@code {"Name", "Hash", "Size"}} line per file and
 * directory ({@code Size} a decimal string), {@code {"Name", "Bytes"}} progress lines.
 *
 * <p>An add is one all-or-nothing import: a body cut short, a bad option found late or a full
 * repository fails the request, takes back the blocks it wrote and pins nothing. Each top-level
 * entry is pinned (the wrapping directory alone with {@code wrap-with-directory}) once all its
 * blocks are durable. Options kubo has but this node does not ({@code nocopy}, {@code inline},
 * {@code to-files}, UnixFS modes and times) fail the request naming the option.
 *
 * <p>Stateless and thread-safe.
 */
final class AddCommand {
  private AddCommand() {}

  static void register(Map<String, Command> commands) {
    commands.put("add", AddCommand::add);
  }

  private static ImportOptions options(Call call) {
    for (String unsupported :
        new String[] {
          "nocopy",
          "fscache",
          "inline",
          "preserve-mode",
          "preserve-mtime",
          "to-files",
          "mode",
          "mtime"
        }) {
      String value = call.option(unsupported, null);
      if (value != null && !value.equals("false") && !value.equals("0") && !value.isEmpty()) {
        throw KuboError.normal(
            "option \"" + unsupported + "\" is not supported by the embedded IPFS node");
      }
    }
    if (call.option("max-directory-links", null) != null) {
      throw KuboError.normal(
          "option \"max-directory-links\" is not supported by the embedded IPFS node");
    }
    String hashName = call.option("hash", "sha2-256").toLowerCase(Locale.ROOT);
    HashFunction hash;
    try {
      hash = HashFunction.ofName(hashName.isEmpty() ? "sha2-256" : hashName);
    } catch (MultiformatException e) {
      throw KuboError.normal("unrecognized hash function: \"" + hashName + "\"");
    }
    boolean versionSet = call.option("cid-version", null) != null;
    int cidVersion = (int) call.integer("cid-version", 0);
    if (!versionSet && hash != HashFunction.SHA2_256) {
      cidVersion = 1; // kubo: a hash other than sha2-256 implies CIDv1
    }
    boolean rawLeaves = call.bool("raw-leaves", cidVersion > 0);
    String layoutName = call.option("layout", "");
    boolean trickle = call.bool("trickle", false) || layoutName.equals("trickle");
    if (!layoutName.isEmpty() && !layoutName.equals("trickle") && !layoutName.equals("balanced")) {
      throw KuboError.normal("layout parameter is invalid");
    }
    int maxLinks = (int) call.integer("max-file-links", ImportOptions.DEFAULT_MAX_LINKS);
    int fanout = (int) call.integer("max-hamt-fanout", ImportOptions.DEFAULT_HAMT_FANOUT);
    try {
      return new ImportOptions(
          call.option("chunker", ""),
          trickle ? Layout.TRICKLE : Layout.BALANCED,
          rawLeaves,
          cidVersion,
          hash,
          call.bool("wrap-with-directory", false),
          call.bool("progress", false),
          maxLinks,
          ImportOptions.DEFAULT_HAMT_SHARDING_SIZE,
          fanout);
    } catch (IllegalArgumentException e) {
      throw KuboError.normal(e.getMessage());
    }
  }

  private static void add(Call call) throws Exception {
    ImportOptions options = options(call);
    boolean onlyHash = call.bool("only-hash", false);
    boolean pin = call.bool("pin", true) && !onlyHash;
    String pinName = call.option("pin-name", "");
    if (!pinName.isEmpty() && !call.bool("pin", true)) {
      throw KuboError.normal("pin-name option requires pin to be set");
    }
    boolean silent = call.bool("silent", false);
    MultipartReader parts = call.multipart("path");
    IpfsNode node = call.node();
    Call.Ndjson out = call.stream();
    Set<Cid> roots = new LinkedHashSet<>();
    if (onlyHash) {
      run(parts, options, BlockSink.discard(), out, silent, roots);
      out.end();
      return;
    }
    try (BlockImport im = node.beginImport()) {
      AddedOutput last = run(parts, options, im.sink(), out, silent, roots);
      if (options.wrap()) {
        roots.clear();
        roots.add(last.cid());
      }
      if (pin) {
        for (Cid root : roots) {
          im.pin(root, true, pinName);
        }
      } else {
        im.commit();
      }
    }
    out.end();
  }

  /** Imports every part, streaming kubo's output lines; returns the importer's result. */
  private static AddedOutput run(
      MultipartReader parts,
      ImportOptions options,
      BlockSink sink,
      Call.Ndjson out,
      boolean silent,
      Set<Cid> topLevel)
      throws IOException {
    UnixfsImporter importer =
        new UnixfsImporter(
            options,
            sink,
            added -> {
              if (added.cid() != null && !added.name().contains("/")) {
                topLevel.add(added.cid());
              }
              if (!silent) {
                emit(out, added);
              }
            });
    try {
      MultipartReader.Part part;
      while ((part = parts.next()) != null) {
        String path = part.fileName();
        ImportEntry entry =
            switch (part.contentType()) {
              case "application/x-directory" -> new ImportEntry.Directory(path);
              case "application/symlink" ->
                  new ImportEntry.Symlink(
                      path, new String(part.body().readAllBytes(), StandardCharsets.UTF_8));
              default -> new ImportEntry.File(path, part.body());
            };
        importer.add(entry);
      }
      return importer.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("nothing to add")) {
        throw KuboError.normal("expected a file argument");
      }
      throw e;
    }
  }

  /** kubo's {@code AddEvent}: {@code Name}, {@code Hash}, {@code Bytes}, {@code Size} (string). */
  private static void emit(Call.Ndjson out, AddedOutput added) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("Name", added.name());
    try {
      if (added.cid() == null) {
        line.put("Bytes", added.bytes());
        out.emitAndFlush(line);
      } else {
        line.put("Hash", added.cid().toString());
        line.put("Size", Long.toString(added.size()));
        out.emit(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
