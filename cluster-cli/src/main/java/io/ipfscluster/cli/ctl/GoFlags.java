package io.ipfscluster.cli.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Go's flag syntax on top of picocli's: Go accepts every flag with one dash or two ({@code -rmin
 * 2}, {@code --rmin 2}, {@code -enc=json}, {@code --l host}), so scripts written for the original
 * use both. Tokens that name a known option with the other number of dashes are rewritten before
 * parsing; everything after {@code --} is left alone. It also tells which command the arguments run
 * before any command's model exists, so that {@link Ctl} builds only that one.
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
      out.add(known(flag, names) + (eq < 0 ? "" : a.substring(eq)));
    }
    return out.toArray(String[]::new);
  }

  /**
   * The command {@code args} run, when they plainly name one: the first argument after the root's
   * own options and their values. Empty when that is unclear without the whole command tree: an
   * option the root does not have (or has in a form such as {@code -dl}), a help or version
   * request, {@code --}, an {@code @file}, or no command at all.
   */
  static Optional<String> command(CommandSpec root, String... args) {
    Set<String> names = new HashSet<>();
    for (OptionSpec o : root.options()) {
      names.addAll(List.of(o.names()));
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        return a.startsWith("@") ? Optional.empty() : Optional.of(a);
      }
      int eq = a.indexOf('=');
      String flag = known(eq < 0 ? a : a.substring(0, eq), names);
      OptionSpec o = names.contains(flag) ? root.findOption(flag) : null;
      if (o == null || o.usageHelp() || o.versionHelp()) {
        return Optional.empty();
      }
      if (eq < 0 && o.arity().min() > 0) {
        i++;
      }
    }
    return Optional.empty();
  }

  /** {@code flag} as one of {@code names} spells it, if only its number of dashes differs. */
  private static String known(String flag, Set<String> names) {
    if (names.contains(flag)) {
      return flag;
    }
    if (flag.length() > 2 && flag.charAt(0) == '-' && flag.charAt(1) != '-') {
      String twoDashes = "-" + flag;
      return names.contains(twoDashes) ? twoDashes : flag;
    }
    if (flag.length() == 3 && flag.startsWith("--")) {
      String oneDash = flag.substring(1);
      return names.contains(oneDash) ? oneDash : flag;
    }
    return flag;
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
