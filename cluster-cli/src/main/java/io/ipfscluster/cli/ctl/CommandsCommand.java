package io.ipfscluster.cli.ctl;

import picocli.CommandLine.Command;

/** {@code commands} (hidden): every command, one per line, as the original's. */
@Command(name = "commands", hidden = true, header = "List all commands")
final class CommandsCommand extends CtlCommand {
  @Override
  void run() {
    StringBuilder out = new StringBuilder();
    Ctl.walk(spec.root().commandLine(), spec.root().name(), out);
    env().out().print(out);
  }
}
