package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.VersionInfo;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints API results and errors in the chosen encoding, as the original's {@code formatResponse}:
 * text (see {@link TextFormat}) or JSON ({@link GoJson}, one indented value per object, a stream as
 * consecutive values).
 *
 * <p>Not thread-safe: the command's thread prints.
 */
final class Printer {
  private final PrintStream out;
  private final boolean json;
  private final boolean flushEach;
  private final InstantSource clock;
  private ProgressLine progress;

  Printer(PrintStream out, boolean json, boolean flushEach, InstantSource clock) {
    this.out = out;
    this.json = json;
    this.flushEach = flushEach;
    this.clock = clock;
  }

  boolean json() {
    return json;
  }

  /** Clears {@code line} before each print (progress shown on the same terminal). */
  void clearing(ProgressLine line) {
    this.progress = line;
  }

  /** Prints one result. */
  void print(Object value) {
    if (progress != null) {
      progress.clear();
    }
    out.print(json ? GoJson.indent(unwrap(value)) + "\n" : text(value));
    if (flushEach) {
      out.flush();
    }
    if (out.checkError()) {
      throw new OutputClosed();
    }
  }

  /** Prints every item of a stream as it arrives. */
  void printEach(Iterator<?> items) {
    while (items.hasNext()) {
      print(items.next());
    }
  }

  /** Prints an API error: {@code An error occurred:} … or its JSON. */
  void printError(ApiError e) {
    if (progress != null) {
      progress.clear();
    }
    out.print(json ? GoJson.indent(e) + "\n" : TextFormat.error(e));
    out.flush();
  }

  /** The value JSON prints: the original's API types, not the CLI's wrappers. */
  private static Object unwrap(Object v) {
    return switch (v) {
      case Quiet q -> q.added();
      case Bandwidths b -> b.byProtocol();
      case List<?> list -> list.stream().map(Printer::unwrap).toList();
      default -> v;
    };
  }

  /** Prints text as it is (the dot graph). */
  void raw(String s) {
    out.print(s);
  }

  private String text(Object v) {
    return switch (v) {
      case String s -> s + "\n";
      case PeerInfo id -> TextFormat.id(id);
      case GlobalPinInfo gpi -> TextFormat.globalPinInfo(gpi);
      case Pin pin -> TextFormat.pin(pin);
      case AddedOutput added -> TextFormat.added(added, false);
      case Quiet q -> TextFormat.added(q.added(), q.quiet());
      case VersionInfo ver -> ver.version() + "\n";
      case Metric m -> TextFormat.metric(m, clock.instant());
      case Alert a -> TextFormat.alert(a, clock.instant());
      case GlobalRepoGc gc -> TextFormat.repoGc(gc);
      case ApiError e -> TextFormat.error(e);
      case Bandwidths b -> TextFormat.bandwidth(b.byProtocol());
      case List<?> list -> {
        StringBuilder sb = new StringBuilder();
        for (Object o : list) {
          sb.append(text(o));
        }
        yield sb.toString();
      }
      default -> throw new IllegalStateException("unsupported type returned " + v.getClass());
    };
  }

  /**
   * Standard output was closed by its reader ({@code ipfs-cluster-ctl status | head}): the program
   * stops reading the answer and exits as the original does on SIGPIPE (141 to the shell).
   */
  static final class OutputClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputClosed() {
      super("broken pipe", null, false, false);
    }
  }

  /** An added node printed in full, or as its CID alone ({@code -q}); JSON prints it whole. */
  record Quiet(AddedOutput added, boolean quiet) {}

  /** The bandwidth answer, a map that the text form prints sorted. */
  record Bandwidths(Map<String, Bandwidth> byProtocol) {}
}
