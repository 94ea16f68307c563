package io.ipfscluster.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Asks the user a question on the terminal. */
final class Prompt {
  private Prompt() {}

  /**
   * Prints {@code question} and reads a line. Returns true for {@code y}/{@code yes}, false for any
   * other answer.
   *
   * @throws CliException when standard input ends before an answer, so that scripts without {@code
   *     --force} fail instead of silently doing nothing
   */
  static boolean yesNo(String question, PrintStream out) {
    out.print(question + " [y/n]: ");
    out.flush();
    String answer = readLine();
    if (answer == null) {
      out.println();
      throw new CliException("no answer on standard input; use --force to skip the question");
    }
    String a = answer.trim().toLowerCase(Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }

  /** Prints {@code question} and returns the line typed, or null at the end of input. */
  static String line(String question, PrintStream out) {
    out.print(question);
    out.flush();
    return readLine();
  }

  private static String readLine() {
    try {
      // Read byte by byte, not buffered beyond the line: the rest of standard input stays unread.
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = System.in.read()) != -1 && c != '\n') {
        line.write(c);
      }
      return c == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
