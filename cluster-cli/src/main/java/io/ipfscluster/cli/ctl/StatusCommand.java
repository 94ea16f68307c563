package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.client.ResultStream;
import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code status [cid…] [--local] [--filter s1,s2]}. */
@Command(
    name = "status",
    header = "Retrieve the status of tracked items",
    description = {
      "  This command retrieves the status of the CIDs tracked by IPFS",
      "  Cluster, including which member is pinning them and any errors.",
      "  If one of several CIDs are provided, the status will be only fetched",
      "  for a single item.  Metadata CIDs are included in the status response.",
      "",
      "  When the --local flag is passed, it will only fetch the status from the",
      "  contacted cluster peer. By default, status will be fetched from all peers.",
      "",
      "  When the --filter flag is passed, it will only fetch the peer information",
      "  where status of the pin matches at least one of the filter values (a comma",
      "  separated list). The following are valid status values:",
      "",
      "    - cluster_error",
      "    - error",
      "    - pin_error",
      "    - pin_queued",
      "    - pinned",
      "    - pinning",
      "    - queued",
      "    - remote",
      "    - sharded",
      "    - unexpectedly_unpinned",
      "    - unpin_error",
      "    - unpin_queued",
      "    - unpinned",
      "    - unpinning"
    })
final class StatusCommand extends CtlCommand {
  @Parameters(paramLabel = "[CID1] [CID2]...", arity = "0..*", description = "the CIDs to ask for")
  List<String> cids = new ArrayList<>();

  @Option(names = "--local", description = "run operation only on the contacted peer")
  boolean local;

  @Option(
      names = "--filter",
      paramLabel = "filters",
      description = "comma-separated list of filters")
  String filter = "";

  @Override
  void run() {
    List<Cid> parsed = new ArrayList<>();
    for (String c : cids) {
      parsed.add(cid("parsing cid", c));
    }
    if (parsed.size() == 1) {
      printer().print(client().status(parsed.get(0), local));
      return;
    }
    ResultStream<GlobalPinInfo> items;
    if (parsed.size() > 1) {
      items = client().statusCids(parsed, local);
    } else {
      StatusFilter f =
          StatusFilter.parse(filter)
              .orElseThrow(() -> new CtlError("parsing filter flag", "invalid filter name"));
      items = client().statusAll(f, local);
    }
    try (items) {
      printer().printEach(items);
    }
  }
}
