package io.ipfscluster.cluster;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.stream.Stream;

/**
 * Status and recovery of pins (spec §8.4). A peer alone answers for itself; the fan-out to the
 * other peers and the merge of their answers join here with the peer network. Thread-safe.
 */
final class Statuses {
  private final PinTracker tracker;
  private final Consensus consensus;
  private final PeerId self;
  private final String peername;
  private final InstantSource clock;

  Statuses(
      PinTracker tracker, Consensus consensus, PeerId self, String peername, InstantSource clock) {
    this.tracker = tracker;
    this.consensus = consensus;
    this.self = self;
    this.peername = peername;
    this.clock = clock;
  }

  GlobalPinInfo status(Cid cid) {
    return GlobalPinInfo.of(tracker.status(cid));
  }

  /*
   * When this peer's tracker cannot list (its IPFS node is down), the original's global status
   * (cluster.go globalPinInfoStream) logs the peer's error and merges a cluster_error entry
   * carrying it into every pin the other peers reported; the local status (?local=true) fails with
   * a 500. A peer alone has no other peer to report pins, so the original then answers 204 with
   * nothing, hiding both the pins and the error. Here the peer reports its own pinset instead: one
   * cluster_error entry with the error per pin of the state, what the original shows for a peer
   * of a larger cluster.
   */

  /**
   * The status of every pin matching {@code filter}. Globally, a tracker that cannot list gives a
   * {@code cluster_error} entry with its error for every pin of the state; locally, its error.
   */
  Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    if (local) {
      return tracker.statusAll(filter).map(GlobalPinInfo::of);
    }
    Stream<PinInfo> infos;
    try {
      infos = tracker.statusAll(filter);
    } catch (RuntimeException e) {
      String error = e.getMessage() != null ? e.getMessage() : e.toString();
      return consensus
          .state()
          .list(PinType.ALL)
          .map(
              pin ->
                  GlobalPinInfo.of(
                      new PinInfo(
                          pin.cid(),
                          "",
                          self,
                          null,
                          null,
                          null,
                          null,
                          PinInfoShort.clusterError(peername, clock.instant(), error))));
    }
    return infos.map(GlobalPinInfo::of);
  }

  GlobalPinInfo recover(Cid cid) {
    return GlobalPinInfo.of(tracker.recover(cid));
  }

  Stream<GlobalPinInfo> recoverAll() {
    return tracker.recoverAll().map(GlobalPinInfo::of);
  }
}
