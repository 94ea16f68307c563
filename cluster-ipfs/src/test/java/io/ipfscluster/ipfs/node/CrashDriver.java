package io.ipfscluster.ipfs.node;

import io.ipfscluster.components.Block;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import io.ipfscluster.multiformats.Cid;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashSafetyIT}: pins DAGs into a node's repository without end, in
 * turn the two ways blocks arrive (an import that writes the blocks and then pins the root, as
 * {@code add} does; a pin that fetches the missing blocks from a block source while it walks, as
 * {@code pin/add} does), now and then unpinning an old one and collecting garbage. It prints each
 * step it has completed ({@code pinned <cid>}, {@code unpinned <cid>}) once it is durable, and
 * never exits by itself; the test kills it with SIGKILL.
 */
final class CrashDriver {
  private CrashDriver() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    EmbeddedNodeConfig config =
        EmbeddedNodeConfig.defaults(repo)
            .withLayout(EmbeddedNodeConfig.BlockstoreLayout.valueOf(args[2]));
    PrintStream out = System.out;
    Map<Cid, byte[]> remote = new ConcurrentHashMap<>();
    BlockSource source = remote::get;
    try (IpfsNode node = IpfsNode.open(config, source)) {
      Deque<Dag> pinned = new ArrayDeque<>();
      for (long i = 0; ; i++) {
        Dag dag = TestDags.wide(seed * 1_000_000 + i, 4, 50, 4096);
        out.println("adding " + dag.root());
        out.flush();
        if (i % 2 == 0) {
          try (BlockImport im = node.beginImport()) {
            for (Block block : dag.blocks()) {
              im.put(block.cid(), block.data());
            }
            im.pin(dag.root(), true, "crash-" + i);
          }
        } else {
          remote.clear();
          dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));
          node.pins().pinRecursive(dag.root(), "crash-" + i, new AtomicLong());
        }
        out.println("pinned " + dag.root());
        out.flush();
        pinned.add(dag);
        if (pinned.size() > 3) {
          Dag old = pinned.removeFirst();
          node.pins().unpin(old.root(), true);
          out.println("unpinned " + old.root());
          out.flush();
        }
        if (i % 4 == 3) {
          AtomicLong removed = new AtomicLong();
          node.collectGarbage(key -> removed.incrementAndGet());
          out.println("collected " + removed);
          out.flush();
        }
      }
    }
  }
}
