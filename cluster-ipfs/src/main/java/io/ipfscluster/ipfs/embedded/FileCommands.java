package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.multiformats.Cid;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code cat} and {@code resolve}: reading files and resolving paths through UnixFS directories.
 * ({@code add} lives in {@link AddCommand}.)
 *
 * <p>Stateless and thread-safe.
 */
final class FileCommands {
  private FileCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("cat", FileCommands::cat);
    commands.put("resolve", FileCommands::resolve);
  }

  private static void cat(Call call) throws Exception {
    IpfsNode node = call.node();
    if (call.args().isEmpty()) {
      throw KuboError.missingArgument("ipfs-path");
    }
    long offset = call.integer("offset", 0);
    long length = call.integer("length", -1);
    if (offset < 0) {
      throw KuboError.normal("cannot specify negative offset");
    }
    if (call.option("length", null) != null && length < 0) {
      throw KuboError.normal("cannot specify negative length");
    }
    // kubo concatenates the files named by several arguments.
    long total = 0;
    Cid[] roots = new Cid[call.args().size()];
    long[] sizes = new long[roots.length];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = PathResolver.resolve(node, call.args().get(i));
      sizes[i] = UnixfsReader.size(node, roots[i]);
      total += sizes[i];
    }
    long start = Math.min(offset, total);
    long end = length < 0 ? total : Math.min(total, start + length);
    OutputStream out = call.raw("text/plain", end - start);
    long base = 0;
    for (int i = 0; i < roots.length; i++) {
      long from = Math.max(start - base, 0);
      long to = Math.min(end - base, sizes[i]);
      UnixfsReader.copy(node, roots[i], from, to, out);
      base += sizes[i];
    }
  }

  private static void resolve(Call call) throws Exception {
    String path = call.arg(0, "name");
    Cid cid = PathResolver.resolve(call.node(), path);
    call.single(Map.of("Path", "/ipfs/" + cid));
  }
}
