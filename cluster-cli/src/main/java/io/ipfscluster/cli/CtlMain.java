package io.ipfscluster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipfs-cluster-ctl}: the client of a peer's REST API. The global options follow the
 * original; the API commands (id, peers, pin, status, recover, add, health, ipfs) are added with
 * the REST client.
 */
@Command(
    name = "ipfs-cluster-ctl",
    versionProvider = VersionProvider.class,
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    usageHelpWidth = 100,
    synopsisHeading = "Usage:%n  ",
    descriptionHeading = "%nDescription:%n",
    description = {
      "  ipfs-cluster-ctl is the client of an IPFS Cluster peer's REST API: it lists and",
      "  changes the cluster's pinset and reports its peers' health.",
      "",
      "  It talks to the peer at --host (default /ip4/127.0.0.1/tcp/9094)."
    },
    optionListHeading = "%nGlobal Options:%n",
    commandListHeading = "%nCommands:%n",
    subcommands = {CtlMain.CommandsCommand.class, CommandLine.HelpCommand.class})
public final class CtlMain implements Callable<Integer> {
  @Option(
      names = {"-l", "--host"},
      paramLabel = "multiaddr",
      defaultValue = "/ip4/127.0.0.1/tcp/9094",
      description = "cluster's REST API endpoint (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--secret", paramLabel = "hex", description = "cluster secret (libp2p hosts)")
  String secret;

  @Option(
      names = {"-s", "--https"},
      description = "use https to connect to the API")
  boolean https;

  @Option(
      names = "--no-check-certificate",
      description = "do not verify server TLS certificate (https only)")
  boolean noCheckCertificate;

  @Option(
      names = {"--encoding", "--enc"},
      paramLabel = "text|json",
      defaultValue = "text",
      description = "output format encoding [text, json] (default: ${DEFAULT-VALUE})")
  String encoding;

  @Option(
      names = {"-t", "--timeout"},
      paramLabel = "seconds",
      defaultValue = "0",
      description = "number of seconds to wait for a response, 0 for none (default: 0)")
  int timeout;

  @Option(
      names = {"-d", "--debug"},
      description = "set debug log level")
  boolean debug;

  @Option(
      names = "--basic-auth",
      paramLabel = "user[:password]",
      defaultValue = "${env:CLUSTER_CREDENTIALS}",
      description =
          "basic auth credentials; implies --https unless --force-http [$CLUSTER_CREDENTIALS]")
  String basicAuth;

  @Option(
      names = {"-f", "--force-http"},
      description = "force HTTP even with --basic-auth")
  boolean forceHttp;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 1;
  }

  /** {@code commands}: lists every command, one per line (hidden, as in the original). */
  @Command(name = "commands", hidden = true, description = "List all commands")
  static final class CommandsCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      CommandLine root = spec.root().commandLine();
      for (String name : root.getSubcommands().keySet()) {
        System.out.println(root.getCommandName() + " " + name);
      }
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CtlMain()).execute(args));
  }
}
