package io.ipfscluster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ipfs-cluster-follow}: runs follower peers of collaborative clusters. Its commands ({@code
 * <name> info|init|run|list}) are added with follower mode.
 */
@Command(
    name = "ipfs-cluster-follow",
    versionProvider = VersionProvider.class,
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    usageHelpWidth = 100,
    synopsisHeading = "Usage:%n  ",
    descriptionHeading = "%nDescription:%n",
    description = {
      "  ipfs-cluster-follow runs follower peers: peers that join a collaborative cluster to",
      "  replicate its content without being able to modify its pinset."
    },
    optionListHeading = "%nGlobal Options:%n",
    commandListHeading = "%nCommands:%n",
    subcommands = {CommandLine.HelpCommand.class})
public final class FollowMain implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 1;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FollowMain()).execute(args));
  }
}
