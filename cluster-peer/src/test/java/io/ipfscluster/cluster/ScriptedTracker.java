package io.ipfscluster.cluster;

import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One peer's tracker with statuses set by the test, listed in CID byte order as real trackers list
 * them. Recovering a CID in an error makes it {@code pin_queued}. Records the filters and recovered
 * CIDs it was asked for. Thread-safe.
 */
final class ScriptedTracker implements PinTracker {
  private static final Set<TrackerStatus> RECOVERABLE =
      Set.of(
          TrackerStatus.PIN_ERROR, TrackerStatus.UNPIN_ERROR, TrackerStatus.UNEXPECTEDLY_UNPINNED);

  final PeerId peer;
  final String name;
  final Instant at;
  final List<StatusFilter> filters = new CopyOnWriteArrayList<>();
  final List<Cid> recovered = new CopyOnWriteArrayList<>();
  private final ConcurrentSkipListMap<Cid, PinInfo> statuses = new ConcurrentSkipListMap<>();

  ScriptedTracker(PeerId peer, String name, Instant at) {
    this.peer = peer;
    this.name = name;
    this.at = at;
  }

  ScriptedTracker set(Cid cid, TrackerStatus status) {
    statuses.put(
        cid,
        new PinInfo(
            cid,
            "pin " + cid,
            peer,
            null,
            null,
            at,
            null,
            new PinInfoShort(name, null, List.of(), status, at, "", 0, false)));
    return this;
  }

  @Override
  public void track(io.ipfscluster.api.Pin pin) {}

  @Override
  public void untrack(Cid cid) {}

  @Override
  public Stream<PinInfo> statusAll(StatusFilter filter) {
    filters.add(filter);
    return statuses.values().stream().filter(i -> filter.matches(i.status()));
  }

  @Override
  public PinInfo status(Cid cid) {
    PinInfo i = statuses.get(cid);
    return i != null
        ? i
        : new PinInfo(
            cid,
            "",
            peer,
            null,
            null,
            null,
            null,
            PinInfoShort.of(name, TrackerStatus.UNPINNED, at));
  }

  @Override
  public Stream<PinInfo> recoverAll() {
    return statuses.values().stream()
        .filter(i -> RECOVERABLE.contains(i.status()))
        .map(i -> recover(i.cid()));
  }

  @Override
  public PinInfo recover(Cid cid) {
    PinInfo i = status(cid);
    if (RECOVERABLE.contains(i.status())) {
      recovered.add(cid);
      set(cid, TrackerStatus.PIN_QUEUED);
    }
    return status(cid);
  }

  @Override
  public long pinQueueSize() {
    return 0;
  }

  @Override
  public void close() {}
}
