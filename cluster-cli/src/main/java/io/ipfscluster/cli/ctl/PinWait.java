package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.ClientException;
import io.ipfscluster.client.RequestTimeoutException;
import io.ipfscluster.client.StatusWaiter;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;

/**
 * {@code --wait}: polls the status every second until enough peers reach the target, showing live
 * progress on standard error when it is a terminal. Failures read as the original's: {@code error
 * waiting for pin status: …}, exit 62 when the wait times out.
 */
final class PinWait {
  /** The original's poll period, {@code defaultWaitCheckFreq}. */
  static final Duration PERIOD = Duration.ofSeconds(1);

  private PinWait() {}

  /**
   * Waits; returns the last status polled.
   *
   * @param limit how many peers must reach the target; 0 or less for every peer
   * @param timeout 1 s or less waits forever
   */
  static GlobalPinInfo await(
      CtlCommand cmd, Cid cid, TrackerStatus target, int limit, Duration timeout) {
    CtlEnv env = cmd.env();
    ProgressLine line = new ProgressLine(env.err(), env.errTerminal());
    StatusWaiter waiter = new StatusWaiter(cmd.client(), env.clock(), env.sleeper());
    try {
      StatusWaiter.Result r =
          waiter.await(
              new StatusWaiter.Target(cid, target, limit, timeout, PERIOD, false),
              gpi -> line.show(progress(cid, gpi, target, limit)));
      line.clear();
      return switch (r.outcome()) {
        case REACHED -> r.last();
        case FAILED ->
            throw new CtlError(
                "waiting for pin status",
                "error has occurred while attempting to reach status: " + target.jsonName());
        case TIMED_OUT ->
            throw new CtlError(
                "waiting for pin status", "context deadline exceeded", CtlError.TIMEOUT, null);
      };
    } catch (ClientException e) {
      line.clear();
      int code = e instanceof RequestTimeoutException ? CtlError.TIMEOUT : 1;
      throw new CtlError("waiting for pin status", e.toApiError().toString(), code, e);
    } catch (InterruptedException e) {
      line.clear();
      Thread.currentThread().interrupt();
      throw new CtlError("waiting for pin status", "context canceled", CtlError.CANCELLED, e);
    }
  }

  /** {@code waiting for <cid>: 1/3 peers pinned}. */
  static String progress(Cid cid, GlobalPinInfo gpi, TrackerStatus target, int limit) {
    int reached = 0;
    int counted = 0;
    for (PinInfoShort p : gpi.peerMap().values()) {
      if (target == TrackerStatus.PINNED && p.status() == TrackerStatus.REMOTE && limit <= 0) {
        continue;
      }
      counted++;
      if (p.status() == target) {
        reached++;
      }
    }
    int goal = limit > 0 ? Math.min(limit, gpi.peerMap().size()) : counted;
    return "waiting for " + cid + ": " + reached + "/" + goal + " peers " + target.jsonName();
  }
}
