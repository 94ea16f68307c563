package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.AddEntry;
import io.ipfscluster.client.ClientException;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.client.ResultStream;
import io.ipfscluster.multiformats.Cid;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code add <path|url>…}: uploads files and directories, prints what the cluster added and pins
 * it. A progress bar shows on standard error when it is a terminal (not with {@code -q}/{@code
 * -Q}).
 */
@Command(
    name = "add",
    header = "Add a file or directory to ipfs and pin it in the cluster",
    description = {
      "  Add allows to add and replicate content to several ipfs daemons, performing",
      "  a Cluster Pin operation on success. It takes elements from local paths as",
      "  well as from web URLs (accessed with a GET request). Providing several",
      "  arguments will automatically set --wrap-in-directory.",
      "",
      "  Cluster \"add\" works, by default, just like \"ipfs add\" and has similar options",
      "  in terms of DAG layout, chunker, hash function etc. It also supports adding",
      "  CAR files directly (--format car), as long as they have a single root. When",
      "  adding CAR files, all the options related to dag-building are ignored.",
      "",
      "  Added content will be allocated and sent block by block to the peers that",
      "  should pin it (among which may not necessarily be the local ipfs daemon).",
      "  Once all the blocks have arrived, they will be \"cluster-pinned\". This makes",
      "  cluster add slower than a local ipfs add, but the result is a fully replicated",
      "  on completion. If you prefer faster adding, use the --local flag to add",
      "  directly to the local IPFS node and pin in the destinations after that.",
      "  Note that the local IPFS node may not be among the destinations, which will",
      "  leave the unpinned content in it.",
      "",
      "  Optional replication-min and replication-max factors can be provided: -1 means",
      "  \"pin everywhere\" and 0 means use cluster's default setting (i.e., replication",
      "  factor set in config). Positive values indicate how many peers should pin this",
      "  content."
    })
final class AddCommand extends CtlCommand {
  private static final String DEFAULT_HASH = "sha2-256";

  @Parameters(arity = "0..*", paramLabel = "<path>", description = "files, directories or URLs")
  List<String> paths = new ArrayList<>();

  @Option(
      names = {"-r", "--recursive"},
      description = "Add directory paths recursively")
  boolean recursive;

  @Option(
      names = {"-q", "--quiet"},
      description = "Write only hashes to output (one per line)")
  boolean quiet;

  @Option(
      names = {"-Q", "--quieter"},
      description = "Write only final hash to output")
  boolean quieter;

  @Option(
      names = "--no-stream",
      description = "Buffer output locally. Produces a valid JSON array with --enc=json.")
  boolean noStream;

  @Option(names = "--local", description = "Add to local peer but pin normally")
  boolean local;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "name",
      description = "Sets a name for this pin")
  String name = "";

  @Option(
      names = {"--replication-min", "--rmin"},
      paramLabel = "n",
      description = "Sets the minimum replication factor for pinning this file")
  int replicationMin;

  @Option(
      names = {"--replication-max", "--rmax"},
      paramLabel = "n",
      description = "Sets the maximum replication factor for pinning this file")
  int replicationMax;

  @Option(
      names = "--expire-in",
      paramLabel = "duration",
      description = "Duration after which the pin should be unpinned automatically")
  String expireIn;

  @Option(
      names = "--metadata",
      paramLabel = "key=value",
      description = "Pin metadata: key=value. Can be added multiple times")
  List<String> metadata = new ArrayList<>();

  @Option(
      names = {"--allocations", "--allocs"},
      paramLabel = "peers",
      description = "Optional comma-separated list of peer IDs")
  String allocations = "";

  @Option(names = "--no-pin", description = "Do not pin after adding")
  boolean noPin;

  @Option(names = "--wait", description = PinCommand.WAIT)
  boolean waitFlag;

  @Option(
      names = {"--wait-timeout", "--wt"},
      paramLabel = "duration",
      converter = CtlCommand.DurationConverter.class,
      description = "How long to --wait (e.g. 30s, 2m). Default: forever")
  Duration waitTimeout = Duration.ZERO;

  @Option(
      names = {"-w", "--wrap-with-directory"},
      description = "Wrap a with a directory object")
  boolean wrap;

  @Option(
      names = "--format",
      paramLabel = "format",
      description = "'unixfs' (add as unixfs DAG), 'car' (import CAR file) (default: unixfs)")
  String format = "unixfs";

  @Option(
      names = "--layout",
      paramLabel = "layout",
      description = "Dag layout to use for dag generation: balanced or trickle")
  String layout = "";

  @Option(
      names = {"-H", "--hidden"},
      description = "Include files that are hidden.  Only takes effect on recursive add")
  boolean hidden;

  @Option(
      names = {"-s", "--chunker"},
      paramLabel = "chunker",
      description = "'size-<size>' or 'rabin-<min>-<avg>-<max>' (default: size-262144)")
  String chunker = "size-262144";

  @Option(names = "--raw-leaves", description = "Use raw blocks for leaves (experimental)")
  boolean rawLeaves;

  @Option(
      names = "--cid-version",
      paramLabel = "n",
      description = "CID version. Non default implies raw-leaves (default: 0)")
  int cidVersion;

  @Option(
      names = "--hash",
      paramLabel = "function",
      description = "Hash function to use. Implies cid-version=1 (default: sha2-256)")
  String hash = DEFAULT_HASH;

  @Option(
      names = "--nocopy",
      description = "Add the URL using filestore. Implies raw-leaves. (experimental)")
  boolean nocopy;

  @Override
  void run() throws Exception {
    if (paths.isEmpty()) {
      throw new CtlError("", "need at least one path");
    }
    AddParams params = params();
    List<AddEntry> entries = ClusterClient.entries(paths, params);
    ProgressLine line = new ProgressLine(env().err(), env().errTerminal() && !quiet && !quieter);
    Upload upload = new Upload(line, quiet || quieter ? -1 : total(entries));
    printer().clearing(line);

    boolean q = quiet || quieter;
    List<Printer.Quiet> buffered = new ArrayList<>();
    Printer.Quiet last = null;
    ClientException failure = null;
    try (ResultStream<AddedOutput> out = client().addEntries(entries, params, upload::sent)) {
      while (out.hasNext()) {
        Printer.Quiet added = new Printer.Quiet(out.next(), q);
        last = added;
        if (noStream) {
          buffered.add(added);
        } else if (!quieter) {
          printer().print(added);
        }
      }
    } catch (ClientException e) {
      failure = e; // printed after the results, as the original does
    } finally {
      line.clear();
    }
    if (last != null && last.added().cid() != null) {
      if (noStream) {
        printer().print(quieter ? List.of(last) : buffered);
      } else if (quieter) {
        printer().print(last);
      }
      if (waitFlag) {
        waitForPin(last.added().cid(), params.pinOptions().replicationFactorMin());
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void waitForPin(Cid cid, int requestedMin) {
    int min = requestedMin;
    try {
      min = client().allocation(cid).options().replicationFactorMin();
    } catch (ClientException e) {
      // The original waits with the requested factor then.
    }
    PinWait.await(this, cid, TrackerStatus.PINNED, min, waitTimeout);
  }

  private AddParams params() {
    int version = cidVersion;
    boolean raw = rawLeaves;
    if (!hash.equals(DEFAULT_HASH)) {
      version = 1;
    }
    if (version > 0 || nocopy) {
      raw = true;
    }
    boolean wrapped = wrap || paths.size() > 1;
    if (wrapped && format.equals("car")) {
      throw new CtlError(
          "", "only a single CAR file can be added and wrap-with-directory is not supported");
    }
    PinOptions options =
        new PinOptions(
            replicationMin,
            replicationMax,
            name,
            PinMode.RECURSIVE,
            AddParams.DEFAULT_SHARD_SIZE,
            allocations.isEmpty() ? List.of() : peers(List.of(allocations.split(",", -1))),
            expireAt(expireIn),
            metadata(metadata),
            null,
            null);
    try {
      return new AddParams(
          options, local, recursive, hidden, wrapped, false, true, format, noPin, layout, chunker,
          raw, false, version, hash, nocopy);
    } catch (IllegalArgumentException e) {
      throw new CtlError("", e.getMessage());
    }
  }

  private static long total(List<AddEntry> entries) {
    try {
      return AddEntry.totalSize(entries);
    } catch (IOException e) {
      return -1; // the upload reports it
    }
  }

  /** Draws the upload's progress, at most ten times a second. */
  private final class Upload {
    private final ProgressLine line;
    private final long total;
    private long lastDrawn = Long.MIN_VALUE;

    Upload(ProgressLine line, long total) {
      this.line = line;
      this.total = total;
    }

    void sent(long bytes) {
      long now = env().clock().millis();
      if (now - lastDrawn < 100 && bytes != total) {
        return;
      }
      lastDrawn = now;
      line.show(bar(bytes, total));
    }
  }

  /** {@code [=====> ] 50% 10 MB / 20 MB}, or the bytes alone when the total is unknown. */
  static String bar(long bytes, long total) {
    if (total <= 0) {
      return "adding: " + Humanize.bytes(bytes);
    }
    int width = 30;
    int done = (int) Math.min(width, bytes * width / total);
    String filled = "=".repeat(done) + (done < width ? ">" : "");
    return String.format(
        "[%-" + (width + 1) + "s] %3d%% %s / %s",
        filled,
        bytes * 100 / total,
        Humanize.bytes(bytes),
        Humanize.bytes(total));
  }
}
