package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.ResultStream;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pin add|rm|update|ls}. */
@Command(
    name = "pin",
    header = "Pin and unpin and list items in IPFS Cluster",
    description = "  Pin and unpin and list items in IPFS Cluster",
    subcommands = {
      PinCommand.Add.class,
      PinCommand.Rm.class,
      PinCommand.Update.class,
      PinCommand.Ls.class
    })
final class PinCommand extends GroupCommand {
  static final String WAIT =
      "Wait for the pin to reach the minimum replication factor before returning";

  /** The flags that decide what a pin command prints: the pin, its status, after waiting or not. */
  static final class Outcome {
    @Option(
        names = {"--no-status", "--ns"},
        description = "Prevents fetching pin status afterwards (faster, quieter)")
    boolean noStatus;

    @Option(
        names = {"-w", "--wait"},
        description = WAIT)
    boolean waitFlag;

    @Option(
        names = {"--wait-limit", "--wl"},
        paramLabel = "n",
        description = "How many peers should reach the desired status to finish waiting")
    Integer waitLimit;

    @Option(
        names = {"--wait-timeout", "--wt"},
        paramLabel = "duration",
        converter = CtlCommand.DurationConverter.class,
        description = "How long to --wait (e.g. 30s, 2m). Default: forever")
    Duration waitTimeout = Duration.ZERO;

    /**
     * The original's {@code handlePinResponseFormatFlags}: wait if asked, then print the pin
     * ({@code --no-status}) or its status (polled by the wait, else fetched after one second).
     */
    void print(CtlCommand cmd, Pin pin, TrackerStatus target) throws InterruptedException {
      GlobalPinInfo status = null;
      if (waitFlag) {
        int limit =
            waitLimit != null
                ? waitLimit
                : target == TrackerStatus.PINNED ? pin.options().replicationFactorMin() : 0;
        status = PinWait.await(cmd, pin.cid(), target, limit, waitTimeout);
      }
      if (noStatus) {
        cmd.printer().print(pin);
        return;
      }
      if (status == null) {
        cmd.env().sleeper().sleep(Duration.ofSeconds(1));
        status = cmd.client().status(pin.cid(), false);
      }
      cmd.printer().print(status);
    }
  }

  @Command(
      name = "add",
      header = "Pin an item in the cluster",
      description = {
        "  This command tells IPFS Cluster to start managing a CID. Depending on",
        "  the pinning strategy, this will trigger IPFS pin requests. The CID will",
        "  become part of the Cluster's state and will tracked from this point.",
        "",
        "  When the request has succeeded, the command returns the status of the CID",
        "  in the cluster and should be part of the list offered by \"pin ls\".",
        "",
        "  An optional replication factor can be provided: -1 means \"pin everywhere\"",
        "  and 0 means use cluster's default setting (i.e., replication factor set in",
        "  config). Positive values indicate how many peers should pin this content.",
        "",
        "  An optional allocations argument can be provided, allocations should be a",
        "  comma-separated list of peer IDs on which we want to pin. Peers in allocations",
        "  are prioritized over automatically-determined ones, but replication factors",
        "  would still be respected."
      })
  static final class Add extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "<CID|Path>", description = "what to pin")
    String arg = "";

    @Option(
        names = {"-r", "--replication"},
        paramLabel = "n",
        description = "Sets a custom replication factor (overrides -rmax and -rmin)")
    int replication;

    @Option(
        names = {"--replication-min", "--rmin"},
        paramLabel = "n",
        description = "Sets the minimum replication factor for this pin")
    int replicationMin;

    @Option(
        names = {"--replication-max", "--rmax"},
        paramLabel = "n",
        description = "Sets the maximum replication factor for this pin")
    int replicationMax;

    @Option(
        names = {"--allocations", "--allocs"},
        paramLabel = "peers",
        description = "Optional comma-separated list of peer IDs")
    String allocations = "";

    @Option(
        names = {"-n", "--name"},
        paramLabel = "name",
        description = "Sets a name for this pin")
    String name = "";

    @Option(
        names = "--mode",
        paramLabel = "mode",
        description = "Select a way to pin: recursive or direct (default: recursive)")
    String mode = "recursive";

    @Option(
        names = "--expire-in",
        paramLabel = "duration",
        description = "Duration after which pin should be unpinned automatically")
    String expireIn;

    @Option(
        names = "--metadata",
        paramLabel = "key=value",
        description = "Pin metadata: key=value. Can be added multiple times")
    List<String> metadata = new ArrayList<>();

    @Mixin Outcome outcome;

    @Override
    void run() throws InterruptedException {
      int rmin = replicationMin;
      int rmax = replicationMax;
      if (replication != 0) {
        rmin = replication;
        rmax = replication;
      }
      List<PeerId> allocs = List.of();
      if (!allocations.isEmpty()) {
        List<String> ids = new ArrayList<>();
        for (String s : allocations.split(",", -1)) {
          ids.add(s.trim());
        }
        allocs = peers(ids);
        if (allocs.size() != ids.size()) {
          throw new CtlError("decoding allocations", "some peer IDs could not be decoded");
        }
      }
      PinOptions opts =
          new PinOptions(
              rmin,
              rmax,
              name,
              PinMode.ofName(mode),
              0,
              allocs,
              expireAt(expireIn),
              metadata(metadata),
              null,
              null);
      Pin pin = client().pinPath(arg, opts);
      outcome.print(this, pin, TrackerStatus.PINNED);
    }
  }

  @Command(
      name = "rm",
      header = "Unpin an item from the cluster",
      description = {
        "  This command tells IPFS Cluster to no longer manage a CID. This will",
        "  trigger unpinning operations in all the IPFS nodes holding the content.",
        "",
        "  When the request has succeeded, the command returns the status of the CID",
        "  in the cluster. The CID should disappear from the list offered by \"pin ls\",",
        "  although unpinning operations in the cluster may take longer or fail."
      })
  static final class Rm extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "<CID|Path>", description = "what to unpin")
    String arg = "";

    @Mixin Outcome outcome;

    @Override
    void run() throws InterruptedException {
      Pin pin = client().unpinPath(arg);
      outcome.print(this, pin, TrackerStatus.UNPINNED);
    }
  }

  @Command(
      name = "update",
      header = "Pin a new item based on an existing one",
      description = {
        "  This command will add a new pin to the cluster taking all the options from an",
        "  existing one, including name. This means that the new pin will bypass the",
        "  allocation process and will be allocated to the same peers as the existing",
        "  one.",
        "",
        "  The cluster peers will try to Pin the new item on IPFS using the \"pin update\"",
        "  command. This is especially efficient when the content of two pins (their DAGs)",
        "  are similar.",
        "",
        "  Unlike the \"pin update\" command in the ipfs daemon, this will not unpin the",
        "  existing item from the cluster. Please run \"pin rm\" for that."
      })
  static final class Update extends CtlCommand {
    @Parameters(
        arity = "0..2",
        paramLabel = "<existing-CID> <new-CID|Path>",
        description = "the pin to update and its replacement")
    List<String> args = new ArrayList<>();

    @Option(
        names = {"-n", "--name"},
        paramLabel = "name",
        description = "Sets a name for this updated pin")
    String name = "";

    @Option(
        names = "--expire-in",
        paramLabel = "duration",
        description =
            "Duration after which the pin should be unpinned automatically after updating")
    String expireIn;

    @Mixin Outcome outcome;

    @Override
    void run() throws InterruptedException {
      Cid from = cid("parsing from Cid", args.isEmpty() ? "" : args.get(0));
      String to = args.size() > 1 ? args.get(1) : "";
      PinOptions opts =
          PinOptions.defaults().withPinUpdate(from).withName(name).withExpireAt(expireAt(expireIn));
      Pin pin = client().pinPath(to, opts);
      outcome.print(this, pin, TrackerStatus.PINNED);
    }
  }

  @Command(
      name = "ls",
      header = "List items in the cluster pinset",
      description = {
        "  This command will list the CIDs which are tracked by IPFS Cluster and to",
        "  which peers they are currently allocated. This list does not include",
        "  any monitoring information about the IPFS status of the CIDs, it",
        "  merely represents the list of pins which are part of the shared state of",
        "  the cluster. For IPFS-status information about the pins, use \"status\".",
        "",
        "  The filter only takes effect when listing all pins. The possible values are:",
        "    - all (default)",
        "    - pin (normal pins, recursive or direct)",
        "    - meta-pin (sharded pins)",
        "    - clusterdag-pin (sharding-dag root pins)",
        "    - shard-pin (individual shard pins)"
      })
  static final class Ls extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "[CID]", description = "the pin to show")
    String cid;

    @Option(
        names = "--filter",
        paramLabel = "types",
        description = "Comma separated list of pin types. See help above. (default: all)")
    String filter = "all";

    @Override
    void run() {
      if (cid != null && !cid.isEmpty()) {
        printer().print(client().allocation(cid("parsing cid", cid)));
        return;
      }
      Set<PinType> types = EnumSet.noneOf(PinType.class);
      for (String f : filter.split(",", -1)) {
        if (f.equals("all") || f.isEmpty()) {
          types.addAll(EnumSet.of(PinType.DATA, PinType.META, PinType.CLUSTER_DAG, PinType.SHARD));
        } else {
          types.add(PinType.ofName(f));
        }
      }
      try (ResultStream<Pin> pins = client().allocations(types)) {
        printer().printEach(pins);
      }
    }
  }
}
