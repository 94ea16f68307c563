package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.ipfs.node.PinKind;
import io.ipfscluster.ipfs.node.PinListing;
import io.ipfscluster.ipfs.node.Pinner;
import io.ipfscluster.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pin/add}, {@code pin/rm}, {@code pin/ls}, {@code pin/update} and {@code pin/verify}, with
 * kubo's options, answers and messages.
 *
 * <p>Stateless and thread-safe.
 */
final class PinCommands {
  /** kubo's interval between {@code {"Progress": N}} lines of {@code pin/add?progress=true}. */
  static final long PROGRESS_MILLIS = 500;

  private PinCommands() {}

  static void register(Map<String, Command> commands) {
    commands.put("pin/add", PinCommands::add);
    commands.put("pin/rm", PinCommands::rm);
    commands.put("pin/ls", PinCommands::ls);
    commands.put("pin/update", PinCommands::update);
    commands.put("pin/verify", PinCommands::verify);
  }

  /** Work that reports progress and may be interrupted. */
  @FunctionalInterface
  interface Work {
    List<String> run(AtomicLong progress) throws Exception;
  }

  private static void add(Call call) throws Exception {
    if (call.args().isEmpty()) {
      throw KuboError.missingArgument("ipfs-path");
    }
    boolean recursive = call.bool("recursive", true);
    String name = call.option("name", "");
    IpfsNode node = call.node();
    Work work =
        progress -> {
          List<String> pinned = new ArrayList<>();
          for (String path : call.args()) {
            Cid cid = PathResolver.resolve(node, path);
            if (recursive) {
              node.pins().pinRecursive(cid, name, progress);
            } else {
              node.pins().pinDirect(cid, name);
            }
            pinned.add(cid.toString());
          }
          return pinned;
        };
    if (!call.bool("progress", false)) {
      call.single(Map.of("Pins", work.run(new AtomicLong())));
      return;
    }
    withProgress(call, work);
  }

  /**
   * Runs {@code work} on its own thread while this one sends {@code {"Progress": N}} every 500 ms,
   * then {@code {"Pins": […]}}, as kubo does. A client that goes away interrupts the work.
   */
  static void withProgress(Call call, Work work) throws Exception {
    AtomicLong progress = new AtomicLong();
    FutureTask<List<String>> task = new FutureTask<>(() -> work.run(progress));
    Thread.ofVirtual().name("pin-add").start(task);
    Call.Ndjson out = call.stream();
    List<String> pins;
    try {
      while (true) {
        try {
          pins = task.get(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          out.emitAndFlush(progressLine(progress.get()));
        }
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (IOException | InterruptedException | RuntimeException e) {
      task.cancel(true);
      throw e;
    }
    if (progress.get() != 0) {
      out.emit(progressLine(progress.get()));
    }
    out.emit(Map.of("Pins", pins));
    out.end();
  }

  /** kubo's {@code AddPinOutput}: {@code Progress} is left out while it is 0 (omitempty). */
  private static Map<String, Object> progressLine(long progress) {
    return progress == 0 ? Map.of() : Map.of("Progress", progress);
  }

  private static void rm(Call call) throws Exception {
    if (call.args().isEmpty()) {
      throw KuboError.missingArgument("ipfs-path");
    }
    boolean recursive = call.bool("recursive", true);
    List<String> removed = new ArrayList<>();
    for (String path : call.args()) {
      Cid cid = PathResolver.resolve(call.node(), path);
      call.node().pins().unpin(cid, recursive);
      removed.add(cid.toString());
    }
    call.single(Map.of("Pins", removed));
  }

  private static void ls(Call call) throws Exception {
    String type = call.option("type", "all");
    Set<PinKind> kinds =
        switch (type) {
          case "all" -> Pinner.allKinds();
          case "recursive" -> EnumSet.of(PinKind.RECURSIVE);
          case "direct" -> EnumSet.of(PinKind.DIRECT);
          case "indirect" -> EnumSet.of(PinKind.INDIRECT);
          default ->
              throw KuboError.normal(
                  "invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
        };
    boolean stream = call.bool("stream", false);
    boolean names = call.bool("names", false) || !call.option("name", "").isEmpty();
    String nameFilter = call.option("name", "");
    Pinner pins = call.node().pins();
    List<PinListing> asked = new ArrayList<>();
    for (String path : call.args()) {
      Cid cid = PathResolver.resolve(call.node(), path);
      PinListing pin = pins.check(cid, kinds);
      if (pin == null) {
        throw KuboError.normal("path '" + path + "' is not pinned");
      }
      asked.add(pin);
    }
    if (stream) {
      Call.Ndjson out = call.stream();
      if (call.args().isEmpty()) {
        IOException[] failure = new IOException[1];
        pins.list(
            kinds,
            pin -> {
              if (failure[0] == null && matches(pin, nameFilter)) {
                try {
                  out.emit(streamed(pin, names));
                } catch (IOException e) {
                  failure[0] = e;
                }
              }
            });
        if (failure[0] != null) {
          throw failure[0];
        }
      } else {
        for (PinListing pin : asked) {
          out.emit(streamed(pin, names));
        }
      }
      out.end();
      return;
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    if (call.args().isEmpty()) {
      pins.list(
          kinds,
          pin -> {
            if (matches(pin, nameFilter)) {
              keys.putIfAbsent(pin.cid().toString(), listed(pin, names));
            }
          });
    } else {
      for (PinListing pin : asked) {
        keys.put(pin.cid().toString(), listed(pin, names));
      }
    }
    call.single(Map.of("Keys", keys));
  }

  private static boolean matches(PinListing pin, String nameFilter) {
    return nameFilter.isEmpty() || pin.name().contains(nameFilter);
  }

  /** kubo's {@code PinLsObject}: {@code Cid}, {@code Name} (when set), {@code Type}. */
  private static Map<String, Object> streamed(PinListing pin, boolean names) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Cid", pin.cid().toString());
    if (names && !pin.name().isEmpty()) {
      out.put("Name", pin.name());
    }
    out.put("Type", pin.kuboType());
    return out;
  }

  /** kubo's {@code PinLsType}: {@code Type} and {@code Name} (empty unless names are asked). */
  private static Map<String, Object> listed(PinListing pin, boolean names) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Type", pin.kuboType());
    out.put("Name", names ? pin.name() : "");
    return out;
  }

  private static void update(Call call) throws Exception {
    String fromPath = call.arg(0, "from-path");
    String toPath = call.arg(1, "to-path");
    boolean unpin = call.bool("unpin", true);
    IpfsNode node = call.node();
    Cid from = PathResolver.resolve(node, fromPath);
    Cid to = PathResolver.resolve(node, toPath);
    node.pins().update(from, to, unpin, new AtomicLong());
    call.single(Map.of("Pins", List.of(from.toString(), to.toString())));
  }

  private static void verify(Call call) throws Exception {
    boolean verbose = call.bool("verbose", false);
    boolean quiet = call.bool("quiet", false);
    if (verbose && quiet) {
      throw KuboError.normal("the --verbose and --quiet options can not be used at the same time");
    }
    Pinner pins = call.node().pins();
    List<Cid> roots = new ArrayList<>();
    pins.forEachRecursive(roots::add);
    Call.Ndjson out = call.stream();
    for (Cid root : roots) {
      List<Pinner.BadBlock> bad = pins.verify(root);
      if (bad.isEmpty() && !verbose) {
        continue;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("Cid", root.toString());
      if (bad.isEmpty()) {
        line.put("Ok", true);
      } else if (!quiet) {
        line.put(
            "BadNodes",
            bad.stream()
                .map(
                    b -> {
                      Map<String, Object> node = new LinkedHashMap<>();
                      node.put("Cid", b.cid().toString());
                      node.put("Err", b.error());
                      return node;
                    })
                .toList());
      }
      out.emit(line);
    }
    out.end();
  }
}
