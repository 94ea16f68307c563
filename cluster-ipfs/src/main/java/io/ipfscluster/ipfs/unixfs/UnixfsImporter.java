package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Imports files and directories into UnixFS DAGs with the CIDs kubo's {@code ipfs add} gives for
 * the same bytes and {@link ImportOptions}. One instance performs one import: {@link #add} each
 * {@link ImportEntry} in order, then {@link #finish()}.
 *
 * <p><b>Items.</b> Without {@code wrap}, every top-level name is its own item, added as kubo adds
 * each argument of {@code ipfs add}: a top-level file's root is the file, a top-level directory's
 * root is that directory; {@link #finish()} returns the last item's root, as the cluster's adder
 * does. An item ends when an entry with another top-level name arrives. With {@code wrap}, all
 * entries go into one directory, named {@code ""}, which is the result.
 *
 * <p><b>Output.</b> The listener receives one {@link AddedOutput} per file and symlink as soon as
 * it is written, and one per directory when its item ends, children before parents; names are the
 * entries' paths. With {@code progress}, it also receives {@code bytes} events for each file: one
 * per 256 KiB read and one at its end. Blocks go to the {@link BlockSink} as they are made,
 * children first.
 *
 * <p><b>Memory.</b> Files stream: the import holds one or two chunks and a few link lists, whatever
 * the file size. Directories hold one link per entry until their item ends.
 *
 * <p>Not thread-safe. A failed {@link #add} (bad path, I/O error, sink failure) leaves the import
 * unusable; blocks already sent to the sink stay there.
 */
public final class UnixfsImporter {
  private static final long PROGRESS_STEP = 256 * 1024;

  private final ImportOptions options;
  private final ChunkerSpec chunker;
  private final BlockSink sink;
  private final Consumer<AddedOutput> listener;
  private PendingDirectory root;
  private String currentTop;
  private AddedOutput topFile;
  private AddedOutput result;
  private boolean finished;

  /**
   * An import with {@code options} writing blocks to {@code sink} and events to {@code listener}.
   */
  public UnixfsImporter(ImportOptions options, BlockSink sink, Consumer<AddedOutput> listener) {
    this.options = Objects.requireNonNull(options, "options");
    this.chunker = options.chunkerSpec();
    this.sink = Objects.requireNonNull(sink, "sink");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Imports every entry and finishes.
   *
   * @return the root of the last item (the wrapping directory with {@code wrap})
   */
  public static AddedOutput importAll(
      ImportOptions options,
      BlockSink sink,
      Consumer<AddedOutput> listener,
      Iterable<? extends ImportEntry> entries)
      throws IOException {
    UnixfsImporter importer = new UnixfsImporter(options, sink, listener);
    for (ImportEntry e : entries) {
      importer.add(e);
    }
    return importer.finish();
  }

  /**
   * Adds one entry; a file is read to its end and written before this returns.
   *
   * @throws IllegalArgumentException if the path is invalid or clashes with an earlier entry (a
   *     duplicate, or a path through a file)
   * @throws IOException if reading the file or writing a block fails
   */
  public void add(ImportEntry entry) throws IOException {
    if (finished) {
      throw new IllegalStateException("the import is finished");
    }
    List<String> segments = segments(entry.path());
    if (!options.wrap()) {
      String top = segments.isEmpty() ? "" : segments.get(0);
      if (root != null && !top.equals(currentTop)) {
        finishItem();
      }
      currentTop = top;
    }
    if (root == null) {
      root = new PendingDirectory("");
    }
    if (segments.isEmpty()) {
      if (!(entry instanceof ImportEntry.File) || options.wrap()) {
        if (entry instanceof ImportEntry.Directory && options.wrap()) {
          return; // the wrapping directory itself
        }
        throw new IllegalArgumentException(
            "an entry needs a name, got path \"" + entry.path() + "\"");
      }
      segments = List.of("");
    }
    PendingDirectory parent = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      parent = parent.directory(segments.get(i), entry.path());
    }
    String name = segments.get(segments.size() - 1);
    String path = String.join("/", segments);
    switch (entry) {
      case ImportEntry.Directory d -> parent.directory(name, entry.path());
      case ImportEntry.File f -> {
        parent.checkAbsent(name, entry.path());
        DagNode node = importFile(path, f);
        parent.put(name, node);
        AddedOutput out = AddedOutput.added(path, node.cid(), node.cumulativeSize());
        listener.accept(out);
        if (segments.size() == 1) {
          topFile = out;
        }
      }
      case ImportEntry.Symlink s -> {
        parent.checkAbsent(name, entry.path());
        byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
        PbNode node = PbNode.ofData(UnixfsData.symlink(target).encode());
        DagNode written = DirectoryEncoder.writeNode(node, options.prefix(), sink);
        parent.put(name, written);
        AddedOutput out = AddedOutput.added(path, written.cid(), written.cumulativeSize());
        listener.accept(out);
        if (segments.size() == 1) {
          topFile = out;
        }
      }
    }
  }

  /**
   * Writes the pending directories and returns the root of the last item.
   *
   * @throws IllegalArgumentException if nothing was added
   * @throws IOException if writing a block fails
   */
  public AddedOutput finish() throws IOException {
    if (!finished) {
      finishItem();
      finished = true;
    }
    if (result == null) {
      throw new IllegalArgumentException("nothing to add: the request holds no files");
    }
    return result;
  }

  private DagNode importFile(String path, ImportEntry.File file) throws IOException {
    Progress progress = new Progress(path);
    DagNode node =
        new FileDagBuilder(chunker.open(file.content()), options, sink, progress::read)
            .build(options.layout());
    progress.end();
    return node;
  }

  private void finishItem() throws IOException {
    if (root == null) {
      return;
    }
    if (options.wrap()) {
      result = writeDirectory(root);
    } else {
      Map.Entry<String, Object> only = root.children.entrySet().iterator().next();
      result = only.getValue() instanceof PendingDirectory dir ? writeDirectory(dir) : topFile;
    }
    root = null;
    topFile = null;
  }

  /** Writes {@code dir} after its subdirectories, emitting each; returns its output. */
  private AddedOutput writeDirectory(PendingDirectory dir) throws IOException {
    Map<String, DagNode> links = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : dir.children.entrySet()) {
      DagNode node =
          e.getValue() instanceof PendingDirectory sub
              ? nodeOf(writeDirectory(sub))
              : (DagNode) e.getValue();
      links.put(e.getKey(), node);
    }
    DagNode node =
        DirectoryEncoder.write(
            links, options.prefix(), options.hamtShardingSize(), options.hamtFanout(), sink);
    AddedOutput out = AddedOutput.added(dir.path, node.cid(), node.cumulativeSize());
    listener.accept(out);
    return out;
  }

  private static DagNode nodeOf(AddedOutput out) {
    return new DagNode(out.cid(), out.size(), 0);
  }

  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        throw new IllegalArgumentException("path \"" + path + "\" must not contain \"..\"");
      }
      out.add(s);
    }
    return out;
  }

  /** A directory whose entries are still arriving: name to written node or pending directory. */
  private static final class PendingDirectory {
    private final String path;
    private final Map<String, Object> children = new TreeMap<>(PbLink::compareNames);

    PendingDirectory(String path) {
      this.path = path;
    }

    PendingDirectory directory(String name, String entryPath) {
      Object child = children.get(name);
      if (child instanceof PendingDirectory dir) {
        return dir;
      }
      if (child != null) {
        throw new IllegalArgumentException(
            "\"" + entryPath + "\" runs through \"" + join(name) + "\", which is a file");
      }
      PendingDirectory dir = new PendingDirectory(join(name));
      children.put(name, dir);
      return dir;
    }

    void checkAbsent(String name, String entryPath) {
      if (children.containsKey(name)) {
        throw new IllegalArgumentException("duplicate entry \"" + entryPath + "\"");
      }
    }

    void put(String name, DagNode node) {
      children.put(name, node);
    }

    private String join(String name) {
      return path.isEmpty() ? name : path + "/" + name;
    }
  }

  /** Progress events for one file, as kubo's progress reader sends them. */
  private final class Progress {
    private final String name;
    private long reported = -1;
    private long bytes;

    Progress(String name) {
      this.name = name;
    }

    void read(long total) {
      bytes = total;
      if (options.progress() && total - Math.max(reported, 0) >= PROGRESS_STEP) {
        reported = total;
        listener.accept(AddedOutput.progress(name, total));
      }
    }

    void end() {
      if (options.progress()) {
        listener.accept(AddedOutput.progress(name, bytes));
      }
    }
  }
}
