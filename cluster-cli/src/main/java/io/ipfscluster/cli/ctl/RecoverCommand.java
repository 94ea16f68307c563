package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.client.ResultStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code recover [cid] [--local]}. */
@Command(
    name = "recover",
    header = "Recover tracked items in error state",
    description = {
      "  This command asks Cluster peers to re-track or re-forget CIDs in",
      "  error state, usually because the IPFS pin or unpin operation has failed.",
      "",
      "  The command will wait for any operations to succeed and will return the status",
      "  of the item upon completion. Note that, when running on the full sets of tracked",
      "  CIDs (without argument), it may take a considerably long time.",
      "",
      "  When the --local flag is passed, it will only trigger recover",
      "  operations on the contacted peer (as opposed to on every peer)."
    })
final class RecoverCommand extends CtlCommand {
  @Parameters(arity = "0..1", paramLabel = "[CID]", description = "the CID to recover")
  String cid;

  @Option(names = "--local", description = "run operation only on the contacted peer")
  boolean local;

  @Override
  void run() {
    if (cid != null && !cid.isEmpty()) {
      printer().print(client().recover(cid("parsing cid", cid), local));
      return;
    }
    try (ResultStream<GlobalPinInfo> items = client().recoverAll(local)) {
      printer().printEach(items);
    }
  }
}
