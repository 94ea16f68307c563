package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.ipfs.node.NodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code repo/stat} and {@code repo/gc}, with kubo's options and answers. {@code RepoSize} counts
 * the bytes of stored blocks, the figure {@code Datastore.StorageMax} limits; the small pin index
 * beside them is not counted.
 *
 * <p>Stateless and thread-safe.
 */
final class RepoCommands {
  private RepoCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("repo/stat", RepoCommands::stat);
    commands.put("repo/gc", RepoCommands::gc);
  }

  private static void stat(Call call) throws Exception {
    IpfsNode node = call.node();
    Blockstore.Usage usage = node.usage();
    boolean sizeOnly = call.bool("size-only", false);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("RepoSize", usage.bytes());
    out.put("StorageMax", usage.storageMax());
    out.put("NumObjects", sizeOnly ? 0 : usage.blocks());
    out.put("RepoPath", sizeOnly ? "" : node.config().repo().toAbsolutePath().toString());
    out.put("Version", sizeOnly ? "" : "fs-repo@16");
    call.single(out);
  }

  private static void gc(Call call) throws Exception {
    boolean streamErrors = call.bool("stream-errors", false);
    boolean silent = call.bool("silent", false);
    Call.Ndjson out = call.stream();
    List<String> errors = new ArrayList<>();
    try {
      call.node()
          .collectGarbage(
              key -> {
                try {
                  if (!key.error().isEmpty()) {
                    if (streamErrors) {
                      out.emit(Map.of("Error", key.error()));
                    } else {
                      errors.add(key.error());
                    }
                  } else if (!silent) {
                    out.emit(removed(key));
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (NodeException e) {
      if (!streamErrors) {
        throw e;
      }
      out.emit(Map.of("Error", e.getMessage()));
      errors.add(e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw KuboError.normal(
          streamErrors ? "encountered errors during gc run" : String.join("; ", errors));
    }
    out.end();
  }

  /** kubo's {@code GcResult}: {@code {"Key": {"/": "<cid>"}}}. */
  private static Map<String, Object> removed(RepoGcKey key) {
    return Map.of("Key", Map.of("/", key.key().toString()));
  }
}
