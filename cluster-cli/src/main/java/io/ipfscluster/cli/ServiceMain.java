package io.ipfscluster.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipfs-cluster-service}: initialises a peer's configuration, runs the peer, and manages its
 * pinset state offline.
 */
@Command(
    name = "ipfs-cluster-service",
    versionProvider = VersionProvider.class,
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    usageHelpWidth = 100,
    synopsisHeading = "Usage:%n  ",
    descriptionHeading = "%nDescription:%n",
    description = {
      "  ipfs-cluster-service runs an IPFS Cluster peer: it keeps one pinset shared with the other",
      "  peers of the cluster and makes its IPFS node pin what the cluster allocates to it.",
      "",
      "  Before running it the first time, initialise a configuration folder with",
      "  'ipfs-cluster-service init'. The folder is ~/.ipfs-cluster by default (or",
      "  $IPFS_CLUSTER_PATH); --config chooses another. Then start the peer with",
      "  'ipfs-cluster-service daemon'."
    },
    optionListHeading = "%nGlobal Options:%n",
    commandListHeading = "%nCommands:%n",
    subcommands = {
      InitCommand.class,
      DaemonCommand.class,
      StateCommand.class,
      ServiceMain.VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ServiceMain implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "path",
      defaultValue = "${env:IPFS_CLUSTER_PATH:-${sys:user.home}/.ipfs-cluster}",
      description =
          "path to the configuration and data folder (default: ${DEFAULT-VALUE}) [$IPFS_CLUSTER_PATH]")
  Path configDir;

  @Option(
      names = {"-f", "--force"},
      description = "forcefully proceed with some actions, skipping questions")
  boolean force;

  @Option(
      names = {"-d", "--debug"},
      description = "enable full debug logging")
  boolean debug;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "level",
      defaultValue = "${env:IPFS_CLUSTER_LOG_LEVEL:-info}",
      description =
          "log level, for all facilities or some: 'info,cluster:debug' (default: ${DEFAULT-VALUE}) [$IPFS_CLUSTER_LOG_LEVEL]")
  String logLevel;

  Map<String, String> env = System.getenv();

  /** The configuration folder, absolute. */
  Path configDir() {
    return configDir.toAbsolutePath().normalize();
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 1;
  }

  /** {@code version}: prints the version alone. */
  @Command(name = "version", description = "Prints the ipfs-cluster version")
  static final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(io.ipfscluster.api.ClusterVersion.current());
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(run(new ServiceMain(), args));
  }

  /** Runs the program with {@code args} and returns the exit code. */
  static int run(ServiceMain main, String... args) {
    CommandLine cli = new CommandLine(main);
    cli.setExecutionStrategy(
        parsed -> {
          try {
            LogSetup.apply(main.logLevel, main.debug);
          } catch (CliException e) {
            System.err.println("error: " + e.getMessage());
            return e.exitCode();
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CliException ce) {
            System.err.println("error: " + ce.getMessage());
            return ce.exitCode();
          }
          System.err.println("error: " + e.getMessage());
          if (main.debug) {
            e.printStackTrace();
          }
          return 1;
        });
    return cli.execute(args);
  }
}
