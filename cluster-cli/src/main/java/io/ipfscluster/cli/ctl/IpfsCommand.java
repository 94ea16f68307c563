package io.ipfscluster.cli.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ipfs gc}. */
@Command(
    name = "ipfs",
    header = "Manage IPFS daemon",
    description = "  Manage IPFS daemon",
    subcommands = {IpfsCommand.Gc.class})
final class IpfsCommand extends GroupCommand {
  @Command(
      name = "gc",
      header = "run garbage collection on IPFS repos of cluster peers",
      description = {
        "  This command will instruct current Cluster peers to run \"repo gc\" on their",
        "  respective IPFS daemons.",
        "",
        "  When --local flag is passed, it will garbage collect only on the local IPFS",
        "  daemon, otherwise on all IPFS daemons."
      })
  static final class Gc extends CtlCommand {
    @Option(names = "--local", description = "run operation only on the contacted peer")
    boolean local;

    @Override
    void run() {
      printer().print(client().repoGc(local));
    }
  }
}
