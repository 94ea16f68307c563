package io.ipfscluster.cli;

import io.ipfscluster.cli.ctl.Ctl;
import io.ipfscluster.cli.ctl.CtlEnv;
import io.ipfscluster.client.StatusWaiter;
import java.io.PrintStream;
import java.time.InstantSource;

/**
 * {@code ipfs-cluster-ctl}: the client of a peer's REST API (the commands live in {@link
 * io.ipfscluster.cli.ctl}).
 */
public final class CtlMain {
  private CtlMain() {}

  public static void main(String[] args) {
    System.exit(Ctl.run(CtlEnv.system(), args));
  }

  /**
   * Runs the program in-process with {@code out} and {@code err} as its standard output and error
   * (neither a terminal), the process's environment and real time; returns the exit code.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Ctl.run(
        new CtlEnv(
            out,
            err,
            System.getenv(),
            false,
            false,
            InstantSource.system(),
            StatusWaiter.Sleeper.system()),
        args);
  }
}
