package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.ClusterVersion;
import io.ipfscluster.api.GoDuration;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of the CLI's commands: access to the root's client, printer and environment, and the
 * argument parsing the commands share, with the original's error wording.
 */
abstract class CtlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Ctl ctl() {
    return (Ctl) spec.root().userObject();
  }

  ClusterClient client() {
    return ctl().client();
  }

  Printer printer() {
    return ctl().printer();
  }

  CtlEnv env() {
    return ctl().env;
  }

  @Override
  public Integer call() throws Exception {
    run();
    return 0;
  }

  abstract void run() throws Exception;

  /** Parses a CID; {@code error <doing>: <why>} otherwise. */
  static Cid cid(String doing, String text) {
    try {
      return Cid.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new CtlError(doing, e.getMessage());
    }
  }

  /** {@code --expire-in}: the time it names from now, or Go's zero time when not given. */
  Instant expireAt(String expireIn) {
    if (expireIn == null || expireIn.isEmpty()) {
      return GoTime.ZERO;
    }
    try {
      return env().clock().instant().plus(GoDuration.parse(expireIn));
    } catch (IllegalArgumentException e) {
      throw new CtlError("parsing expire-in", "time: " + e.getMessage());
    }
  }

  /** {@code --metadata k=v} flags as a map. */
  static Map<String, String> metadata(List<String> pairs) {
    Map<String, String> out = new TreeMap<>();
    for (String p : pairs == null ? List.<String>of() : pairs) {
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new CtlError("parsing metadata", "metadata were not in the format key=value");
      }
      out.put(p.substring(0, eq), p.substring(eq + 1));
    }
    return out;
  }

  /** Peer IDs of a comma list; those that do not parse are dropped, as the original does. */
  static List<PeerId> peers(List<String> ids) {
    return ids.stream()
        .flatMap(
            s -> {
              try {
                return java.util.stream.Stream.of(PeerId.parse(s));
              } catch (IllegalArgumentException e) {
                return java.util.stream.Stream.empty();
              }
            })
        .toList();
  }

  /** Go durations ({@code 2s}, {@code 1m30s}) for flags such as {@code --wait-timeout}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code ipfs-cluster-ctl version 1.1.6}, as the original prints for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ipfs-cluster-ctl version " + ClusterVersion.current()};
    }
  }
}
