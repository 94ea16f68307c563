package io.ipfscluster.client;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Polls the status of a CID until enough peers reach a target status, as the original's {@code
 * client.WaitFor} does for {@code ipfs-cluster-ctl pin add --wait}.
 *
 * <p>It asks {@code GET /pins/{cid}} after each period (the first time after one period). The wait
 * succeeds when {@code limit} peers report the target (when {@code limit} is above 0), or when
 * every peer does, counting {@code remote} peers as done when the target is {@code pinned}. It
 * fails as soon as a peer reports {@code undefined}, {@code cluster_error}, {@code pin_error} or
 * {@code unpin_error}.
 *
 * <p>Time is injected: the clock decides the deadline and the sleeper waits, so that tests need not
 * sleep. Thread-safe when its client, clock and sleeper are.
 */
public final class StatusWaiter {
  private final ClusterClient client;
  private final InstantSource clock;
  private final Sleeper sleeper;

  /** Waits between polls. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    /** Sleeps on the calling thread. */
    static Sleeper system() {
      return d -> Thread.sleep(d);
    }
  }

  /**
   * What to wait for.
   *
   * @param cid the CID whose status is polled
   * @param target the status to reach
   * @param limit how many peers must reach it; 0 or less for every peer
   * @param timeout how long to wait at most; one period or less waits forever, as in the original
   * @param period the time between polls
   * @param local whether to ask only the contacted peer
   */
  public record Target(
      Cid cid, TrackerStatus target, int limit, Duration timeout, Duration period, boolean local) {
    public Target {
      Objects.requireNonNull(cid, "cid");
      Objects.requireNonNull(target, "target");
      timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
      Objects.requireNonNull(period, "period");
      if (period.isNegative()) {
        throw new IllegalArgumentException("period must not be negative, got " + period);
      }
    }
  }

  /** How a wait ended. */
  public enum Outcome {
    /** Enough peers reached the target. */
    REACHED,
    /** A peer reported an error status. */
    FAILED,
    /** The timeout passed first. */
    TIMED_OUT
  }

  /**
   * The end of a wait.
   *
   * @param outcome how it ended
   * @param last the last status polled, or null when none was
   */
  public record Result(Outcome outcome, GlobalPinInfo last) {}

  public StatusWaiter(ClusterClient client, InstantSource clock, Sleeper sleeper) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * Polls until the target is reached, a peer fails or the timeout passes.
   *
   * @param onPoll told of every status polled (for progress displays)
   * @throws ClientException when a poll fails
   * @throws InterruptedException when interrupted while sleeping
   */
  public Result await(Target t, Consumer<GlobalPinInfo> onPoll) throws InterruptedException {
    boolean bounded = t.timeout().compareTo(t.period()) > 0;
    Instant deadline = bounded ? clock.instant().plus(t.timeout()) : Instant.MAX;
    GlobalPinInfo last = null;
    while (true) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.compareTo(t.period()) < 0) {
        sleeper.sleep(left.isNegative() ? Duration.ZERO : left);
        return new Result(Outcome.TIMED_OUT, last);
      }
      sleeper.sleep(t.period());
      ClusterClient c = client;
      if (bounded) {
        Duration rest = Duration.between(clock.instant(), deadline);
        if (rest.isNegative() || rest.isZero()) {
          return new Result(Outcome.TIMED_OUT, last);
        }
        Duration own = client.config().timeout();
        c = client.withTimeout(own.isZero() || own.compareTo(rest) > 0 ? rest : own);
      }
      GlobalPinInfo status;
      try {
        status = c.status(t.cid(), t.local());
      } catch (RequestTimeoutException e) {
        if (bounded && !clock.instant().isBefore(deadline)) {
          return new Result(Outcome.TIMED_OUT, last);
        }
        throw e;
      }
      last = status;
      onPoll.accept(status);
      switch (progress(t.target(), status, t.limit())) {
        case REACHED -> {
          return new Result(Outcome.REACHED, status);
        }
        case FAILED -> {
          return new Result(Outcome.FAILED, status);
        }
        case PENDING -> {}
      }
    }
  }

  /** Where a wait stands after one poll. */
  enum Progress {
    REACHED,
    FAILED,
    PENDING
  }

  /** The original's {@code statusReached}. */
  static Progress progress(TrackerStatus target, GlobalPinInfo gpi, int limit) {
    for (PinInfoShort p : gpi.peerMap().values()) {
      switch (p.status()) {
        case UNDEFINED, CLUSTER_ERROR, PIN_ERROR, UNPIN_ERROR -> {
          return Progress.FAILED;
        }
        default -> {}
      }
    }
    int n = Math.min(limit, gpi.peerMap().size());
    if (n > 0) {
      long count = gpi.peerMap().values().stream().filter(p -> p.status() == target).count();
      return count >= n ? Progress.REACHED : Progress.PENDING;
    }
    for (PinInfoShort p : gpi.peerMap().values()) {
      if (p.status() == TrackerStatus.REMOTE && target == TrackerStatus.PINNED) {
        continue;
      }
      if (p.status() != target) {
        return Progress.PENDING;
      }
    }
    return Progress.REACHED;
  }
}
