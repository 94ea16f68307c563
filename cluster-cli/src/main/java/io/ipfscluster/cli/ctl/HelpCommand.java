package io.ipfscluster.cli.ctl;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code help [command…]} (alias {@code h}): the help of the program or of a command, as the
 * original's. It declares no {@code -h} of its own, since it inherits the root's.
 */
@Command(
    name = "help",
    aliases = "h",
    helpCommand = true,
    header = "Shows a list of commands or help for one command")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(arity = "0..*", paramLabel = "command", description = "the command to describe")
  String[] commands = {};

  private CommandLine self;
  private PrintWriter out;
  private PrintWriter err;

  @Override
  public void init(
      CommandLine helpCommandLine,
      CommandLine.Help.ColorScheme colorScheme,
      PrintWriter out,
      PrintWriter err) {
    this.self = helpCommandLine;
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : commands) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        err.println("No help topic for '" + name + "'");
        err.flush();
        throw new CommandLine.ParameterException(self, "No help topic for '" + name + "'");
      }
      target = sub;
    }
    target.usage(out);
    out.flush();
  }
}
