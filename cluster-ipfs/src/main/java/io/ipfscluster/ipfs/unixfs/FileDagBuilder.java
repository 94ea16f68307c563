package io.ipfscluster.ipfs.unixfs;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.ipld.CidPrefix;
import io.ipfscluster.ipfs.ipld.PbLink;
import io.ipfscluster.ipfs.ipld.PbNode;
import io.ipfscluster.ipfs.ipld.UnixfsData;
import io.ipfscluster.ipfs.ipld.UnixfsType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Turns one stream of chunks into a UnixFS file DAG, in kubo's balanced or trickle layout, writing
 * each block to the sink as soon as it is complete.
 *
 * <p>Both layouts follow boxo's recursive builders step by step ({@code importer/balanced} and
 * {@code importer/trickle}), including when they look one chunk ahead to decide whether the input
 * is exhausted; that decides node shapes at boundaries, for example a file of 175 chunks getting a
 * second inner node holding a single leaf. Memory holds the current and the next chunk plus one
 * list of at most {@code maxLinks} links per tree level.
 *
 * <p>Balanced: the first leaf is the root; while input remains, a new root gets the old one as
 * first child and is filled to {@code maxLinks} children with subtrees one level shorter, each
 * itself filled depth-first. Leaves are UnixFS {@code File} nodes (or raw blocks). Trickle: a node
 * first takes up to {@code maxLinks} leaves, then, for depth 1, 2, … (below its own limit), up to 4
 * subtrees of that depth; leaves are UnixFS {@code Raw} nodes (or raw blocks) and the root is
 * always an inner node.
 *
 * <p>Not thread-safe: one builder per file.
 */
final class FileDagBuilder {
  private static final int TRICKLE_REPEAT = 4;

  private final Chunker chunker;
  private final CidPrefix prefix;
  private final CidPrefix rawPrefix;
  private final boolean rawLeaves;
  private final int maxLinks;
  private final BlockSink sink;
  private final MessageDigest hasher;
  private final LongConsumer onRead;
  private byte[] next;
  private boolean exhausted;

  FileDagBuilder(Chunker chunker, ImportOptions options, BlockSink sink, LongConsumer onRead) {
    this.chunker = chunker;
    this.prefix = options.prefix();
    this.rawPrefix = prefix.withCodec(Multicodec.RAW);
    this.rawLeaves = options.rawLeaves();
    this.maxLinks = options.maxLinks();
    this.sink = sink;
    this.hasher = options.hash().newHasher();
    this.onRead = onRead;
  }

  /** Reads the whole stream and returns the file's root. */
  DagNode build(Layout layout) throws IOException {
    return layout == Layout.TRICKLE ? trickle() : balanced();
  }

  // ---- the chunk stream, with kubo's one-chunk look-ahead ----

  private boolean done() throws IOException {
    if (next == null && !exhausted) {
      next = chunker.next();
      onRead.accept(chunker.bytesRead());
      exhausted = next == null;
    }
    return next == null;
  }

  private byte[] take() throws IOException {
    done();
    byte[] chunk = next;
    next = null;
    return chunk;
  }

  // ---- balanced ----

  private DagNode balanced() throws IOException {
    if (done()) {
      return leaf(null, UnixfsType.FILE);
    }
    DagNode root = leaf(take(), UnixfsType.FILE);
    for (int depth = 1; !done(); depth++) {
      Inner newRoot = new Inner();
      newRoot.add(root);
      root = fillBalanced(newRoot, depth);
    }
    return root;
  }

  private DagNode fillBalanced(Inner node, int depth) throws IOException {
    while (node.size() < maxLinks && !done()) {
      node.add(depth == 1 ? leaf(take(), UnixfsType.FILE) : fillBalanced(new Inner(), depth - 1));
    }
    return node.write();
  }

  // ---- trickle ----

  private DagNode trickle() throws IOException {
    return fillTrickle(new Inner(), -1);
  }

  private DagNode fillTrickle(Inner node, int maxDepth) throws IOException {
    while (node.size() < maxLinks && !done()) {
      node.add(leaf(take(), UnixfsType.RAW));
    }
    for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
      if (done()) {
        break;
      }
      for (int repeat = 0; repeat < TRICKLE_REPEAT && !done(); repeat++) {
        node.add(fillTrickle(new Inner(), depth));
      }
    }
    return node.write();
  }

  // ---- nodes ----

  /** A leaf: a raw block, or a dag-pb node with UnixFS data of {@code type} (null: empty file). */
  private DagNode leaf(byte[] chunk, UnixfsType type) throws IOException {
    long length = chunk == null ? 0 : chunk.length;
    if (rawLeaves) {
      byte[] data = chunk == null ? new byte[0] : chunk;
      Cid cid = rawPrefix.sum(hasher, data, 0, data.length);
      sink.accept(new Block(cid, data));
      return new DagNode(cid, length, length);
    }
    byte[] block = UnixfsData.leafBlock(type, chunk);
    Cid cid = prefix.sum(hasher, block, 0, block.length);
    sink.accept(new Block(cid, block));
    return new DagNode(cid, block.length, length);
  }

  /** An inner file node being filled: its children's links and file sizes. */
  private final class Inner {
    private final List<DagNode> children = new ArrayList<>();

    int size() {
      return children.size();
    }

    void add(DagNode child) {
      children.add(child);
    }

    DagNode write() throws IOException {
      List<PbLink> links = new ArrayList<>(children.size());
      List<Long> sizes = new ArrayList<>(children.size());
      long fileSize = 0;
      for (DagNode child : children) {
        links.add(PbLink.of(child.cid(), "", child.cumulativeSize()));
        sizes.add(child.fileSize());
        fileSize += child.fileSize();
      }
      PbNode node = new PbNode(links, UnixfsData.file(null, fileSize, sizes).encode());
      byte[] bytes = node.encode();
      Cid cid = prefix.sum(hasher, bytes, 0, bytes.length);
      sink.accept(new Block(cid, bytes));
      return new DagNode(cid, node.cumulativeSize(bytes.length), fileSize);
    }
  }
}
