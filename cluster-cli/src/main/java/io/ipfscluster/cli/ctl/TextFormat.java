package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text output of {@code ipfs-cluster-ctl}, line for line as the original's formatters write it.
 * Every method returns whole lines, each ending in a newline.
 *
 * <p>Thread-safe: stateless.
 */
final class TextFormat {
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private TextFormat() {}

  /** {@code <pid> | <peername> | Sees N other peers}, then addresses and the IPFS node. */
  static String id(PeerInfo id) {
    StringBuilder b = new StringBuilder();
    String pid = id.id() == null ? "" : id.id().toString();
    if (!id.error().isEmpty()) {
      return b.append(pid).append(" | ERROR: ").append(id.error()).append('\n').toString();
    }
    b.append(pid)
        .append(" | ")
        .append(id.peername())
        .append(" | Sees ")
        .append(id.clusterPeers().size() - 1)
        .append(" other peers\n");
    b.append("  > Addresses:\n");
    for (String a : sorted(id.addresses())) {
      b.append("    - ").append(a).append('\n');
    }
    if (!id.ipfs().error().isEmpty()) {
      return b.append("  > IPFS ERROR: ").append(id.ipfs().error()).append('\n').toString();
    }
    b.append("  > IPFS: ").append(id.ipfs().id() == null ? "" : id.ipfs().id()).append('\n');
    for (String a : sorted(id.ipfs().addresses())) {
      b.append("    - ").append(a).append('\n');
    }
    return b.toString();
  }

  /** {@code <cid>[ | <name>]:} then one line per peer, sorted by peer ID. */
  static String globalPinInfo(GlobalPinInfo gpi) {
    StringBuilder b = new StringBuilder();
    b.append(gpi.cid());
    if (!gpi.name().isEmpty()) {
      b.append(" | ").append(gpi.name());
    }
    b.append(":\n");
    for (Map.Entry<PeerId, PinInfoShort> e : gpi.peerMap().entrySet()) {
      PinInfoShort v = e.getValue();
      String who = v.peerName().isEmpty() ? e.getKey().toString() : v.peerName();
      b.append(
          String.format("    > %-20s : %s", who, v.status().jsonName().toUpperCase(Locale.ROOT)));
      if (!v.error().isEmpty()) {
        b.append(": ").append(v.error());
      }
      b.append(" | ").append(GoTime.format(v.timestamp()));
      b.append(" | Attempts: ").append(v.attemptCount());
      b.append(" | Priority: ").append(v.priorityPin());
      b.append('\n');
    }
    return b.toString();
  }

  /** One line: cid, name, type, replication, allocations, depth, metadata, expiry, added. */
  static String pin(Pin pin) {
    StringBuilder b = new StringBuilder();
    String type = pin.type().jsonName().toUpperCase(Locale.ROOT);
    if (pin.options().mode() == PinMode.DIRECT) {
      type += "-DIRECT";
    }
    b.append(pin.cid()).append(" | ").append(pin.options().name()).append(" | ").append(type);
    b.append(" | ");
    if (pin.everywhere()) {
      b.append("Repl. Factor: -1 | Allocations: [everywhere]");
    } else {
      List<String> allocs = new ArrayList<>();
      for (PeerId p : pin.allocations()) {
        allocs.add(p.toString());
      }
      allocs.sort(null);
      b.append("Repl. Factor: ")
          .append(pin.options().replicationFactorMin())
          .append("--")
          .append(pin.options().replicationFactorMax())
          .append(" | Allocations: [")
          .append(String.join(" ", allocs))
          .append(']');
    }
    String depth =
        switch (pin.maxDepth()) {
          case 0 -> "Direct";
          case -1 -> "Recursive";
          default -> "Recursive-" + pin.maxDepth();
        };
    b.append(" | ").append(depth);
    b.append(" | Metadata: ").append(pin.options().metadata().isEmpty() ? "no" : "yes");
    b.append(" | Exp: ")
        .append(pin.options().expires() ? DAY_TIME.format(pin.options().expireAt()) : "∞");
    b.append(" | Added: ")
        .append(GoTime.isZero(pin.timestamp()) ? "unknown" : DAY_TIME.format(pin.timestamp()));
    return b.append('\n').toString();
  }

  /** {@code added <cid> <name>}, or the CID alone when quiet. */
  static String added(AddedOutput out, boolean quiet) {
    String cid = cid(out.cid());
    return quiet ? cid + "\n" : "added " + cid + " " + out.name() + "\n";
  }

  /** {@code <peer> | <name>: <value> | Expires in: <humanized>} (free space in bytes). */
  static String metric(Metric m, Instant now) {
    String value = m.value();
    if (m.name().equals("freespace") && m.weight() > 0) {
      value = Humanize.bytes(m.weight());
    }
    return peer(m.peer())
        + " | "
        + m.name()
        + ": "
        + value
        + " | Expires in: "
        + Humanize.time(m.expireInstant(), now)
        + "\n";
  }

  /** {@code <peer>: <name>. Expired at: <humanized>. Triggered at: <humanized>}. */
  static String alert(Alert a, Instant now) {
    return peer(a.metric().peer())
        + ": "
        + a.metric().name()
        + ". Expired at: "
        + Humanize.time(a.metric().expireInstant(), now)
        + ". Triggered at: "
        + Humanize.time(a.triggeredAt(), now)
        + "\n";
  }

  /** One line per protocol, sorted. */
  static String bandwidth(Map<String, Bandwidth> byProtocol) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Bandwidth> e : new java.util.TreeMap<>(byProtocol).entrySet()) {
      Bandwidth s = e.getValue();
      b.append(
          String.format(
              "%25s: In: %7s. Out: %7s. RateIn: %sB/s. RateOut: %sB/s\n",
              e.getKey(),
              Humanize.bytes(s.totalIn()),
              Humanize.bytes(s.totalOut()),
              Humanize.fixed(s.rateIn(), 2),
              Humanize.fixed(s.rateOut(), 2)));
    }
    return b.toString();
  }

  /** Per peer (sorted by ID, shown by name): the removed CIDs and errors. */
  static String repoGc(GlobalRepoGc gc) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<PeerId, RepoGc> e : gc.peerMap().entrySet()) {
      RepoGc item = e.getValue();
      String who = item.peername().isEmpty() ? e.getKey().toString() : item.peername();
      if (!item.error().isEmpty()) {
        b.append(String.format("%-15s | ERROR: %s\n", who, item.error()));
      } else {
        b.append(String.format("%-15s\n", who));
      }
      b.append("  > CIDs:\n");
      for (RepoGcKey k : item.keys()) {
        if (!k.error().isEmpty()) {
          b.append("    - ERROR: ").append(k.error()).append('\n');
        } else {
          b.append("    - ").append(cid(k.key())).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** {@code An error occurred:}, the code and the message. */
  static String error(ApiError e) {
    return "An error occurred:\n  Code: " + e.code() + "\n  Message: " + e.message() + "\n";
  }

  /** A CID as Go prints one; an undefined CID prints as {@code b}, as go-cid does. */
  private static String cid(Cid c) {
    return c == null ? "b" : c.toString();
  }

  private static String peer(PeerId p) {
    return p == null ? "" : p.toString();
  }

  private static List<String> sorted(List<Multiaddr> addrs) {
    List<String> out = new ArrayList<>();
    for (Multiaddr a : addrs) {
      out.add(a.toString());
    }
    out.sort(null);
    return out;
  }
}
