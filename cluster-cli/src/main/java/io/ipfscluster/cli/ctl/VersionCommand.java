package io.ipfscluster.cli.ctl;

import picocli.CommandLine.Command;

/** {@code version}: the contacted peer's version. */
@Command(
    name = "version",
    header = "Retrieve cluster version",
    description = {
      "  This command retrieves the IPFS Cluster version and can be used",
      "  to check that it matches the CLI version (shown by -v)."
    })
final class VersionCommand extends CtlCommand {
  @Override
  void run() {
    printer().print(client().version());
  }
}
