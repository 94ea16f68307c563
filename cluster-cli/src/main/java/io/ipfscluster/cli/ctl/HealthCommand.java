package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.ConnectGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code health graph|metrics|alerts|bandwidth}. */
@Command(
    name = "health",
    header = "Cluster monitoring information",
    description = "  Cluster monitoring information",
    subcommands = {
      HealthCommand.Graph.class,
      HealthCommand.Metrics.class,
      HealthCommand.Alerts.class,
      HealthCommand.BandwidthCommand.class
    })
final class HealthCommand extends GroupCommand {

  @Command(
      name = "graph",
      header = "create a graph displaying connectivity of cluster peers",
      description = {
        "  This command queries all connected cluster peers and their ipfs peers to generate a",
        "  graph of the connections.  Output is a dot file encoding the cluster's connection state."
      })
  static final class Graph extends CtlCommand {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "file",
        description = "sets an output dot-file for the connectivity graph")
    String file;

    @Option(
        names = "--all-ipfs-peers",
        description = "causes the graph to mark nodes for ipfs peers not directly in the cluster")
    boolean allIpfsPeers;

    @Override
    void run() {
      ConnectGraph graph = client().connectGraph();
      String dot = DotGraph.of(graph, allIpfsPeers);
      if (file == null || file.isEmpty()) {
        printer().raw(dot);
        return;
      }
      try {
        Files.writeString(Path.of(file), dot, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CtlError("creating output file", e.getMessage());
      }
    }
  }

  @Command(
      name = "metrics",
      header = "List latest metrics logged by this peer",
      description = {
        "  This commands displays the latest valid metrics of the given type logged",
        "  by this peer for all current cluster peers.",
        "",
        "  If no argument is provided, the command retrieves all currently existing metric types.",
        "",
        "  Currently supported metrics depend on the informer component used,",
        "  but usually are:",
        "",
        "  - freespace",
        "  - ping"
      })
  static final class Metrics extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "<metric name>", description = "the metric to list")
    String name;

    @Override
    void run() {
      if (name == null || name.isEmpty()) {
        printer().print(client().metricNames());
      } else {
        printer().print(client().metrics(name));
      }
    }
  }

  @Command(
      name = "alerts",
      header = "List the latest expired metric alerts",
      description = {
        "  This command provides a list of \"alerts\" that the cluster has seen.",
        "",
        "  An alert is triggered when one of the metrics seen for a peer expires, and no",
        "  new metrics have been received.",
        "",
        "  Different alerts may be handled in different ways. i.e. ping alerts may",
        "  trigger automatic repinnings if configured."
      })
  static final class Alerts extends CtlCommand {
    @Override
    void run() {
      printer().print(client().alerts());
    }
  }

  @Command(
      name = "bandwidth",
      header = "Lists bandwidth stats for libp2p protocols",
      description = {
        "  This command lists information about bytes sent, received and current bandwidth",
        "  rates for each libp2p protocol that the peer uses."
      })
  static final class BandwidthCommand extends CtlCommand {
    @Override
    void run() {
      printer().print(new Printer.Bandwidths(client().bandwidth()));
    }
  }
}
