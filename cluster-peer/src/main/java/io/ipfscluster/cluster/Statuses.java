package io.ipfscluster.cluster;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status and recovery of pins (spec §8.4): this peer's tracker for the {@code local} variants, and
 * the fan-out to every consensus peer, merged into one {@link GlobalPinInfo} per CID, for the
 * global ones. Thread-safe.
 */
final class Statuses {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  private final PinTracker tracker;
  private final Consensus consensus;
  private final PeerId self;
  private final boolean followerMode;
  private final InstantSource clock;
  private final Supplier<OtherPeers> others;
  private final PeerIdentities identities;
  private final Executor fanOut;
  private final String logPrefix;

  /*
   * Global statuses follow the original (cluster.go globalPinInfoCid / globalPinInfoStream):
   *
   * - status/recover of one CID: a CID missing from the pinset is `unpinned` on every member, and
   *   nobody is asked. Otherwise the allocated peers (every member for a pin everywhere) are asked
   *   in parallel, each within 15 s (the RPC deadline); the other members get a made-up `remote`
   *   entry. A peer that fails gives a `cluster_error` entry with the error text.
   * - statusAll/recoverAll: every member streams its own statuses (PinTracker.StatusAll with the
   *   filter, so a pin is listed when some peer matches it, with the entries that match; or
   *   Cluster.RecoverAllLocal), with no deadline, merged per CID by StatusMerge. The original
   *   collects every peer's answers into a map of the whole pinset first; the merge instead relies
   *   on each peer streaming in CID byte order and holds one status per peer.
   *
   * Made-up entries carry the peer's name and IPFS node from PeerIdentities. A follower
   * (follower_mode) answers the global variants for itself alone, as in the original.
   *
   * When this peer is alone and its tracker cannot list (its IPFS node is down), the original
   * logs the error and answers 204 with nothing, hiding both the pins and the error. Here, as
   * whenever no peer answers a statusAll, the CIDs come from this peer's pinset, each with the
   * cluster_error entries of the peers that failed: what the original shows for a failing peer of
   * a larger cluster. A recoverAll that no peer answers fails with the first error.
   */

  Statuses(
      PinTracker tracker,
      Consensus consensus,
      PeerId self,
      boolean followerMode,
      InstantSource clock,
      Supplier<OtherPeers> others,
      PeerIdentities identities,
      Executor fanOut) {
    this.tracker = tracker;
    this.consensus = consensus;
    this.self = self;
    this.followerMode = followerMode;
    this.clock = clock;
    this.others = others;
    this.identities = identities;
    this.fanOut = fanOut;
    this.logPrefix = self.shortString();
  }

  /** The status of {@code cid} here ({@code local}) or on every peer. */
  GlobalPinInfo status(Cid cid, boolean local) {
    if (local) {
      return GlobalPinInfo.of(tracker.status(cid));
    }
    return globalOfCid(cid, tracker::status, (o, p) -> o.trackerStatus(p, cid));
  }

  /** Recovers {@code cid} here ({@code local}) or on every allocated peer; their statuses. */
  GlobalPinInfo recover(Cid cid, boolean local) {
    if (local) {
      return GlobalPinInfo.of(tracker.recover(cid));
    }
    return globalOfCid(cid, tracker::recover, (o, p) -> o.trackerRecover(p, cid));
  }

  /**
   * The status of every pin matching {@code filter}: here ({@code local}; a tracker that cannot
   * list throws), or merged from every peer.
   */
  Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local) {
    if (local) {
      return tracker.statusAll(filter).map(GlobalPinInfo::of);
    }
    return globalStream(
        () -> tracker.statusAll(filter),
        p -> others.get().trackerStatusAll(p, filter),
        this::pinsetCids);
  }

  /** Re-queues failed operations here ({@code local}) or on every peer; streams what moved. */
  Stream<GlobalPinInfo> recoverAll(boolean local) {
    if (local) {
      return tracker.recoverAll().map(GlobalPinInfo::of);
    }
    return globalStream(tracker::recoverAll, p -> others.get().recoverAllLocal(p), null);
  }

  /** The peers a global status asks: the consensus peers, or this peer alone for a follower. */
  private List<PeerId> members() {
    return followerMode ? List.of(self) : consensus.peers();
  }

  private Stream<Cid> pinsetCids() {
    return consensus.state().list(PinType.ALL).map(Pin::cid);
  }

  private Stream<GlobalPinInfo> globalStream(
      Supplier<Stream<PinInfo>> mine,
      Function<PeerId, Stream<PinInfo>> theirs,
      Supplier<Stream<Cid>> fallback) {
    List<StatusMerge.Source> sources =
        members().stream()
            .map(
                p ->
                    new StatusMerge.Source(
                        p, p.equals(self) ? mine : () -> remembering(theirs.apply(p))))
            .toList();
    return StatusMerge.merge(
        sources,
        (peer, cid, error) ->
            new PinInfo(
                cid,
                "",
                peer,
                null,
                null,
                null,
                null,
                identities.of(peer).status(TrackerStatus.CLUSTER_ERROR, clock.instant(), error)),
        fallback,
        logPrefix,
        fanOut);
  }

  /** {@code statuses}, noting who each answering peer says it is. */
  private Stream<PinInfo> remembering(Stream<PinInfo> statuses) {
    boolean[] first = {true};
    return statuses.peek(
        info -> {
          if (first[0]) {
            first[0] = false;
            identities.remember(info);
          }
        });
  }

  /**
   * A global status of one CID: {@code unpinned} everywhere when the pinset lacks it; else each
   * allocated peer's answer to {@code ask} ({@code mine} for this peer), {@code remote} for the
   * others.
   */
  private GlobalPinInfo globalOfCid(
      Cid cid, Function<Cid, PinInfo> mine, BiFunction<OtherPeers, PeerId, PinInfo> ask) {
    Instant now = clock.instant();
    Optional<Pin> found = consensus.state().get(cid);
    List<PeerId> members = members();
    GlobalPinInfo.Builder gpi = GlobalPinInfo.builder();
    if (found.isEmpty()) {
      Pin absent = Pin.of(cid);
      for (PeerId p : members) {
        gpi.add(PinInfo.of(absent, p, identities.of(p).status(TrackerStatus.UNPINNED, now, "")));
      }
      return gpi.isEmpty() ? GlobalPinInfo.of(mine.apply(cid)) : gpi.build();
    }
    Pin pin = found.get();
    List<PeerId> asked = pin.everywhere() || followerMode ? members : pin.allocations();
    for (PeerId p : members) {
      if (!asked.contains(p)) {
        gpi.add(PinInfo.of(pin, p, identities.of(p).status(TrackerStatus.REMOTE, now, "")));
      }
    }
    OtherPeers network = others.get();
    List<CompletableFuture<PinInfo>> answers =
        asked.stream()
            .map(
                p ->
                    CompletableFuture.supplyAsync(
                        () -> p.equals(self) ? mine.apply(cid) : ask.apply(network, p), fanOut))
            .toList();
    for (int i = 0; i < asked.size(); i++) {
      PeerId p = asked.get(i);
      try {
        PinInfo answer = answers.get(i).join();
        identities.remember(answer);
        gpi.add(answer);
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof OtherPeers.Denied) {
          log.debug("{} {} refused the call: {}", logPrefix, p, cause.getMessage());
          continue;
        }
        String error = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        log.error("{} error in broadcast response from {}: {}", logPrefix, p, error);
        gpi.add(
            PinInfo.of(pin, p, identities.of(p).status(TrackerStatus.CLUSTER_ERROR, now, error)));
      }
    }
    return gpi.isEmpty() ? GlobalPinInfo.of(mine.apply(cid)) : gpi.build();
  }
}
