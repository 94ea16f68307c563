package io.ipfscluster.cli.ctl;

import io.ipfscluster.client.ClientAuth;
import io.ipfscluster.client.ClientConfig;
import io.ipfscluster.client.ClientException;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.client.RequestTimeoutException;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipfs-cluster-ctl}: the root command with the original's global options, and the one place
 * that turns failures into output and exit codes.
 *
 * <p>Exit codes: 0 success; 1 a local error, or an API error with code 0 (no answer); 2 an API
 * error with an HTTP code; 62 a timeout (of {@code --timeout} or {@code --wait-timeout}); 125 when
 * cancelled. API errors print {@code An error occurred:} with the code and message on standard
 * output (or their JSON); local errors print {@code error <doing>: <message>} on standard error.
 */
@Command(
    name = "ipfs-cluster-ctl",
    versionProvider = CtlCommand.Version.class,
    scope = CommandLine.ScopeType.INHERIT,
    usageHelpWidth = 100,
    synopsisHeading = "%nUsage:%n  ",
    descriptionHeading = "%nDescription:%n",
    header = "CLI for IPFS Cluster",
    description = {
      "  ipfs-cluster-ctl is a tool to manage IPFS Cluster nodes.",
      "",
      "  Use \"ipfs-cluster-ctl help\" to list all available commands and",
      "  \"ipfs-cluster-ctl help <command>\" to get usage information for a specific one.",
      "",
      "  ipfs-cluster-ctl uses the IPFS Cluster API to perform requests and display responses in",
      "  a user-readable format. The location of the IPFS Cluster server is assumed to be",
      "  /ip4/127.0.0.1/tcp/9094, but can be configured with the --host option. If several",
      "  multiaddresses are specified (comma-separated), requests will be sent to the first one",
      "  and fail over to the others. DNS addresses are tried at each address they resolve to.",
      "  Hosts may also be Unix sockets (/unix/<path>). libp2p endpoints (/p2p/, /dnsaddr/) are",
      "  not supported by this implementation.",
      "",
      "  Exit codes: 0 success, 1 local error or API error with code 0, 2 API error,",
      "  62 timeout, 125 cancelled."
    },
    optionListHeading = "%nGlobal Options:%n",
    commandListHeading = "%nCommands:%n")
public final class Ctl implements Callable<Integer> {
  @Option(
      names = {"-l", "--host"},
      paramLabel = "multiaddr",
      defaultValue = "/ip4/127.0.0.1/tcp/9094",
      description = "API endpoint multiaddresses (comma-separated) (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--secret",
      paramLabel = "hex",
      description =
          "cluster secret (32 byte pnet-key) as needed. Only when using the LibP2P endpoint")
  String secret;

  @Option(
      names = {"-s", "--https"},
      description = "use https to connect to the API")
  boolean https;

  @Option(
      names = "--no-check-certificate",
      description = "do not verify server TLS certificate. only valid with --https flag")
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
      description = "number of seconds to wait before timing out a request (default: 0, none)")
  int timeout;

  @Option(
      names = {"-d", "--debug"},
      description = "set debug log level")
  boolean debug;

  @Option(
      names = "--basic-auth",
      paramLabel = "user[:password]",
      description =
          "<username>[:<password>] specify BasicAuth credentials for server that requires"
              + " authorization. implies --https, which you can disable with --force-http"
              + " [$CLUSTER_CREDENTIALS]")
  String basicAuth;

  @Option(
      names = {"-f", "--force-http"},
      description = "force HTTP. only valid when using BasicAuth")
  boolean forceHttp;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = CommandLine.ScopeType.INHERIT,
      description = "show help")
  boolean help;

  @Option(
      names = {"-v", "--version"},
      versionHelp = true,
      description = "print the version")
  boolean version;

  /**
   * The root's commands, in the order the help lists them. Picocli builds a command's model by
   * reflection over its annotated classes, which was most of a short run's start-up; so a run that
   * plainly names one of these commands builds that one alone, and every other run (help, {@code
   * commands}, no command, an unknown one, options only the whole tree knows) builds them all.
   */
  private static final List<Map.Entry<String, Class<?>>> COMMANDS =
      List.of(
          Map.entry("id", IdCommand.class),
          Map.entry("peers", PeersCommand.class),
          Map.entry("add", AddCommand.class),
          Map.entry("pin", PinCommand.class),
          Map.entry("status", StatusCommand.class),
          Map.entry("recover", RecoverCommand.class),
          Map.entry("version", VersionCommand.class),
          Map.entry("health", HealthCommand.class),
          Map.entry("ipfs", IpfsCommand.class),
          Map.entry("commands", CommandsCommand.class),
          Map.entry("help", HelpCommand.class));

  /** The commands that describe the whole tree. */
  private static final Set<String> DESCRIBE_TREE = Set.of("commands", "help");

  /** What a shell reports for a program killed by SIGPIPE, as the original is. */
  private static final int BROKEN_PIPE = 141;

  final CtlEnv env;
  private ClusterClient client;
  private Printer printer;

  Ctl(CtlEnv env) {
    this.env = env;
  }

  /** Runs {@code ipfs-cluster-ctl} with {@code args}; returns the exit code. */
  public static int run(CtlEnv env, String... args) {
    Ctl ctl = new Ctl(env);
    CommandLine cli = new CommandLine(ctl);
    addCommands(cli, args);
    headings(cli);
    PrintWriter out = new PrintWriter(env.out(), true);
    PrintWriter err = new PrintWriter(env.err(), true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionStrategy(
        parsed -> {
          Integer helped = CommandLine.executeHelpRequest(parsed);
          if (helped != null) {
            return helped;
          }
          if (!ctl.encoding.equals("text") && !ctl.encoding.equals("json")) {
            return ctl.fail(new CtlError("", "unsupported encoding"));
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> ctl.fail(e));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          env.out().flush();
          err.println("Incorrect Usage: " + e.getMessage());
          err.println();
          e.getCommandLine().usage(err);
          return 1;
        });
    int code;
    try {
      code = cli.execute(GoFlags.normalize(cli, args));
    } catch (CtlError e) {
      code = ctl.fail(e);
    }
    out.flush();
    env.out().flush();
    env.err().flush();
    return code;
  }

  /** The command {@code args} name, or all of them when that is unclear or help may list them. */
  private static void addCommands(CommandLine cli, String... args) {
    String named = GoFlags.command(cli.getCommandSpec(), args).orElse("");
    for (Map.Entry<String, Class<?>> c : COMMANDS) {
      if (c.getKey().equals(named) && !DESCRIBE_TREE.contains(named)) {
        cli.addSubcommand(c.getKey(), c.getValue());
        return;
      }
    }
    for (Map.Entry<String, Class<?>> c : COMMANDS) {
      cli.addSubcommand(c.getKey(), c.getValue());
    }
  }

  /** Subcommands list their own options under "Options", their arguments under "Arguments". */
  private static void headings(CommandLine cmd) {
    for (CommandLine sub : new LinkedHashSet<>(cmd.getSubcommands().values())) {
      sub.getCommandSpec().usageMessage().optionListHeading("%nOptions:%n");
      sub.getCommandSpec().usageMessage().parameterListHeading("%nArguments:%n");
      headings(sub);
    }
  }

  /** With no command: the help, as the original. */
  @Override
  public Integer call() {
    CommandLine.usage(this, env.out());
    return 0;
  }

  /** The API client, made from the global options on first use. */
  ClusterClient client() {
    if (client == null) {
      client = new ClusterClient(config());
    }
    return client;
  }

  /** The printer of the chosen encoding. */
  Printer printer() {
    if (printer == null) {
      printer = new Printer(env.out(), encoding.equals("json"), env.outTerminal(), env.clock());
    }
    return printer;
  }

  private ClientConfig config() {
    if (secret != null && !secret.isEmpty()) {
      try {
        HexFormat.of().parseHex(secret);
      } catch (IllegalArgumentException e) {
        throw new CtlError("parsing secret", "encoding/hex: " + e.getMessage());
      }
    }
    String credentials = basicAuth != null ? basicAuth : env.env().get("CLUSTER_CREDENTIALS");
    ClientAuth auth = ClientAuth.none();
    boolean ssl = https;
    if (credentials != null && !credentials.isEmpty()) {
      int colon = credentials.indexOf(':');
      String user = colon < 0 ? credentials : credentials.substring(0, colon);
      String pass = colon < 0 ? "" : credentials.substring(colon + 1);
      if (!user.isEmpty()) {
        auth = ClientAuth.basic(user, pass);
        ssl = ssl || !forceHttp;
      }
    }
    List<Multiaddr> hosts;
    try {
      hosts = ClientConfig.parseHosts(host);
    } catch (IllegalArgumentException e) {
      throw new CtlError("parsing host multiaddress", e.getMessage());
    }
    try {
      return new ClientConfig(
          hosts,
          ssl,
          noCheckCertificate,
          null,
          auth,
          Duration.ofSeconds(Math.max(0, timeout)),
          null);
    } catch (IllegalArgumentException e) {
      throw new CtlError("creating API client", e.getMessage());
    }
  }

  /** Prints {@code e} as the original would and returns the exit code. */
  int fail(Exception e) {
    return switch (e) {
      case CtlError c -> local(c.line(), c.exitCode(), c);
      case Printer.OutputClosed c -> BROKEN_PIPE;
      case ClientException c -> {
        printer().printError(c.toApiError());
        yield c instanceof RequestTimeoutException ? CtlError.TIMEOUT : c.code() == 0 ? 1 : 2;
      }
      case InterruptedException i -> {
        Thread.currentThread().interrupt();
        yield local("error : context canceled", CtlError.CANCELLED, i);
      }
      case IllegalArgumentException x -> local("error : " + x.getMessage(), 1, x);
      case IOException x -> local("error : " + x.getMessage(), 1, x);
      case UncheckedIOException x -> local("error : " + x.getCause().getMessage(), 1, x);
      default -> local("error : " + e, 1, e);
    };
  }

  private int local(String line, int code, Exception e) {
    env.out().flush();
    env.err().println(line);
    if (debug) {
      e.printStackTrace(env.err());
    }
    return code;
  }

  /** {@code commands}: every command, one per line, as {@code ipfs-cluster-ctl <path>}. */
  static void walk(CommandLine cmd, String prefix, StringBuilder out) {
    for (CommandLine sub : new LinkedHashSet<>(cmd.getSubcommands().values())) {
      String name = prefix + " " + sub.getCommandName();
      out.append(name).append('\n');
      walk(sub, name, out);
    }
  }
}
