package io.ipfscluster.cli.ctl;

import java.io.PrintStream;

/**
 * One line of live progress on standard error, redrawn in place, when standard error is a terminal
 * (nothing otherwise). Output printed while it shows should go through {@link #clear()} first.
 *
 * <p>Thread-safe: the upload updates it from its own thread.
 */
final class ProgressLine {
  private final PrintStream err;
  private final boolean enabled;
  private boolean shown;

  ProgressLine(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Shows {@code text} in place of the previous progress. */
  synchronized void show(String text) {
    if (!enabled) {
      return;
    }
    err.print("\r\033[2K" + text);
    err.flush();
    shown = true;
  }

  /** Removes the progress line, if shown. */
  synchronized void clear() {
    if (shown) {
      err.print("\r\033[2K");
      err.flush();
      shown = false;
    }
  }
}
