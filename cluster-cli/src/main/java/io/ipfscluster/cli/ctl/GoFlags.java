package io.ipfscluster.cli.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Go's flag syntax on top of picocli's: Go accepts every flag with one dash or two ({@code -rmin
 * 2}, {@code --rmin 2}, {@code -enc=json}, {@code --l host}), so scripts written for the original
 * use both. Tokens that name a known option with the other number of dashes are rewritten before
 * parsing; everything after {@code --} is left alone.
 *
 * <p>Thread-safe: stateless.
 */
final class GoFlags {
  private GoFlags() {}

  static String[] normalize(CommandLine root, String... args) {
    Set<String> names = new HashSet<>();
    collect(root, names);
    List<String> out = new ArrayList<>(args.length);
    boolean literal = false;
    for (String a : args) {
      if (literal || a.equals("--")) {
        literal = true;
        out.add(a);
        continue;
      }
      int eq = a.indexOf('=');
      String flag = eq < 0 ? a : a.substring(0, eq);
      String rest = eq < 0 ? "" : a.substring(eq);
      if (flag.length() > 2 && flag.charAt(0) == '-' && flag.charAt(1) != '-') {
        String twoDashes = "-" + flag;
        if (!names.contains(flag) && names.contains(twoDashes)) {
          out.add(twoDashes + rest);
          continue;
        }
      } else if (flag.length() == 3 && flag.startsWith("--")) {
        String oneDash = flag.substring(1);
        if (!names.contains(flag) && names.contains(oneDash)) {
          out.add(oneDash + rest);
          continue;
        }
      }
      out.add(a);
    }
    return out.toArray(String[]::new);
  }

  private static void collect(CommandLine cmd, Set<String> names) {
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      names.addAll(List.of(o.names()));
    }
    for (CommandLine sub : new HashSet<>(cmd.getSubcommands().values())) {
      collect(sub, names);
    }
  }
}
