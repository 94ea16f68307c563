package io.ipfscluster.cluster;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import java.util.stream.Stream;

/**
 * Status and recovery of pins (spec §8.4). A peer alone answers for itself; the fan-out to the
 * other peers and the merge of their answers join here with the peer network. Thread-safe.
 */
final class Statuses {
  private final PinTracker tracker;

  Statuses(PinTracker tracker) {
    this.tracker = tracker;
  }

  GlobalPinInfo status(Cid cid) {
    return GlobalPinInfo.of(tracker.status(cid));
  }

  Stream<GlobalPinInfo> statusAll(StatusFilter filter) {
    return tracker.statusAll(filter).map(GlobalPinInfo::of);
  }

  GlobalPinInfo recover(Cid cid) {
    return GlobalPinInfo.of(tracker.recover(cid));
  }

  Stream<GlobalPinInfo> recoverAll() {
    return tracker.recoverAll().map(GlobalPinInfo::of);
  }
}
