package io.ipfscluster.cluster;

import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the blocks of one add to the IPFS nodes of several peers at once (the original's {@code
 * BlockStreamer}): one {@link BlockChannel} and one virtual thread per destination, each running
 * {@link Adding.BlockDestination#stream} over its channel. A destination that fails is dropped; the
 * add fails only when every destination has failed, with the original's message {@value
 * #ALL_FAILED}.
 *
 * <p>Not thread-safe: {@link #accept}, {@link #finish} and {@link #abort} are called by the one
 * thread running the import.
 */
final class BlockFanout implements BlockSink {
  private static final Logger log = LoggerFactory.getLogger(BlockFanout.class);

  static final String ALL_FAILED = "failed to put block on all destinations";

  private final String logPrefix;
  private final List<Lane> lanes = new ArrayList<>();

  /** One destination: its channel, its streaming thread and how that ended. */
  private static final class Lane {
    final PeerId peer;
    final BlockChannel channel;
    Thread thread;
    volatile Throwable failure;

    Lane(PeerId peer, BlockChannel channel) {
      this.peer = peer;
      this.channel = channel;
    }
  }

  /**
   * Starts one stream per peer of {@code destinations}.
   *
   * @param laneBytes the most bytes of blocks held for one destination that lags behind
   */
  BlockFanout(
      String logPrefix,
      List<PeerId> destinations,
      Adding.BlockDestination destination,
      long laneBytes) {
    if (destinations.isEmpty()) {
      throw new IllegalArgumentException("an add needs at least one destination");
    }
    this.logPrefix = logPrefix;
    for (PeerId peer : destinations) {
      Lane lane = new Lane(peer, new BlockChannel(laneBytes));
      lane.thread =
          Thread.ofVirtual()
              .name("add-blocks-" + peer.shortString())
              .start(
                  () -> {
                    try {
                      destination.stream(peer, lane.channel);
                    } catch (Throwable t) {
                      lane.failure = t;
                    } finally {
                      lane.channel.consumerGone();
                    }
                  });
      lanes.add(lane);
    }
  }

  /**
   * Hands {@code block} to every destination still working.
   *
   * @throws IOException {@value #ALL_FAILED} once every destination has failed
   */
  @Override
  public void accept(Block block) throws IOException {
    boolean taken = false;
    try {
      for (Lane lane : lanes) {
        if (lane.failure == null && lane.channel.put(block)) {
          taken = true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while streaming blocks");
    }
    if (!taken) {
      throw allFailed();
    }
  }

  /**
   * Ends every stream and waits for the destinations to store what they were sent.
   *
   * @throws ClusterException {@value #ALL_FAILED} when no destination stored every block
   */
  void finish() throws InterruptedException {
    lanes.forEach(l -> l.channel.end());
    join();
    List<Lane> failed = lanes.stream().filter(l -> l.failure != null).toList();
    if (failed.size() == lanes.size()) {
      throw allFailed();
    }
    for (Lane l : failed) {
      log.warn(
          "{} there were errors streaming blocks, but at least one destination succeeded: {}: {}",
          logPrefix,
          l.peer,
          l.failure.getMessage());
    }
  }

  /** Aborts every stream after the import failed, and waits for them to stop. */
  void abort(Throwable cause) {
    lanes.forEach(l -> l.channel.abort(cause));
    try {
      join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void join() throws InterruptedException {
    for (Lane l : lanes) {
      l.thread.join();
    }
  }

  /** The original's message, followed by the first destination's error so users see a cause. */
  private ClusterException allFailed() {
    Throwable first =
        lanes.stream().map(l -> l.failure).filter(f -> f != null).findFirst().orElse(null);
    ClusterException e =
        new ClusterException(
            ClusterException.Kind.FAILED,
            first == null ? ALL_FAILED : ALL_FAILED + ": " + first.getMessage(),
            first);
    for (Lane l : lanes) {
      if (l.failure != null) {
        log.error("{} streaming blocks to {} failed: {}", logPrefix, l.peer, l.failure.toString());
        if (l.failure != first) {
          e.addSuppressed(l.failure);
        }
      }
    }
    return e;
  }
}
