package io.ipfscluster.cli.ctl;

import picocli.CommandLine.Command;

/** {@code id}: the contacted peer's identity. */
@Command(
    name = "id",
    header = "Retrieve peer information",
    description = {
      "  This command displays information about the peer that the tool is contacting",
      "  (usually running in localhost)."
    })
final class IdCommand extends CtlCommand {
  @Override
  void run() {
    printer().print(client().id());
  }
}
