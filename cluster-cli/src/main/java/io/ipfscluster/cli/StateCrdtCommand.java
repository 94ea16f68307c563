package io.ipfscluster.cli;

import io.ipfscluster.consensus.crdt.BlockRef;
import io.ipfscluster.consensus.crdt.CrdtState;
import io.ipfscluster.consensus.crdt.ReplicaInfo;
import io.ipfscluster.consensus.crdt.WriterId;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code state crdt}: inspects the peer's CRDT replica while the peer is stopped. {@code info}
 * prints what decides convergence: two peers with the same heads hold the same state, and then
 * print the same version vector and digests.
 */
@Command(
    name = "crdt",
    description = "Inspects the CRDT replica of a crdt peer",
    usageHelpWidth = 100,
    subcommands = {StateCrdtCommand.Info.class})
final class StateCrdtCommand implements Callable<Integer> {
  @ParentCommand StateCommand state;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 1;
  }

  @Command(
      name = "info",
      description =
          "Prints the heads, version vector, state digest and pin count of the CRDT replica")
  static final class Info implements Callable<Integer> {
    @ParentCommand StateCrdtCommand crdt;

    @Override
    public Integer call() throws Exception {
      return crdt.state.withStorage(
          storage -> {
            if (!(storage.state() instanceof CrdtState replica)) {
              throw new CliException("state crdt info: this peer does not use the crdt consensus");
            }
            print(replica.info(), System.out);
            return 0;
          });
    }
  }

  /** Writes {@code info} as {@code state crdt info} shows it. */
  static void print(ReplicaInfo info, PrintStream out) {
    out.println("pins: " + info.pins());
    out.println("state digest: " + info.stateDigest());
    out.println("crdt digest: " + info.crdtDigest());
    out.println("heads: " + info.heads().size());
    for (BlockRef head : info.heads()) {
      out.println("  " + head.cid() + " dot " + head.dot() + " height " + head.height());
    }
    out.println("version vector: " + info.versionVector().entries().size() + " writer(s)");
    for (Map.Entry<WriterId, Long> e : info.versionVector().entries().entrySet()) {
      out.println("  " + e.getKey() + ": " + e.getValue());
    }
    out.println("merged above the vector: " + info.mergedAbove());
    out.println("pending blocks: " + info.pending());
    out.println("writer: " + (info.writer() == null ? "none (no local write yet)" : info.writer()));
    out.println("generation: " + info.generation());
  }
}
