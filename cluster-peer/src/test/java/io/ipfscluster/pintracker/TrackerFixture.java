package io.ipfscluster.pintracker;

import static io.ipfscluster.pintracker.TestValues.cid;
import static io.ipfscluster.pintracker.TestValues.eventually;
import static io.ipfscluster.pintracker.TestValues.peer;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.StatelessTrackerConfig;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A tracker of peer {@link #SELF} over a {@link FakeIpfs}, a {@link MemoryPinset} and a {@link
 * ManualClock}, with virtual-thread workers; and the CIDs, peers and pins the tests use.
 */
final class TrackerFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
  static final PeerId SELF = peer(1);
  static final PeerId OTHER = peer(2);
  static final String PEER_NAME = "peer-one";
  static final PeerId IPFS_ID = peer(9);
  static final List<Multiaddr> IPFS_ADDRESSES = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

  final ManualClock clock = new ManualClock(START);
  final FakeIpfs ipfs = new FakeIpfs(IPFS_ID, IPFS_ADDRESSES);
  final MemoryPinset state = new MemoryPinset();
  final StatelessPinTracker tracker;

  TrackerFixture() {
    this(config(100, 2));
  }

  TrackerFixture(StatelessTrackerConfig config) {
    tracker =
        new StatelessPinTracker(
            SELF,
            PEER_NAME,
            ipfs,
            state,
            config,
            clock,
            Thread.ofVirtual().name("tracker-test-", 0).factory());
  }

  static StatelessTrackerConfig config(int maxQueue, int concurrentPins) {
    return new StatelessTrackerConfig(maxQueue, concurrentPins, Duration.ofHours(24), 5);
  }

  /** A pin of {@code cid(i)} allocated to this peer, stamped now, added to the state. */
  Pin here(int i) {
    return inState(
        Pin.of(cid(i), PinOptions.defaults().withReplication(1, 1))
            .withAllocations(List.of(SELF))
            .withTimestamp(clock.instant()));
  }

  /** A pin of {@code cid(i)} allocated to another peer only, added to the state. */
  Pin elsewhere(int i) {
    return inState(
        Pin.of(cid(i), PinOptions.defaults().withReplication(1, 1))
            .withAllocations(List.of(OTHER))
            .withTimestamp(clock.instant()));
  }

  Pin inState(Pin pin) {
    state.add(pin);
    return pin;
  }

  /** Adds a pin of {@code cid(i)} allocated here to the state and tracks it. */
  Pin trackHere(int i) {
    Pin p = here(i);
    tracker.track(p);
    return p;
  }

  TrackerStatus status(int i) {
    return tracker.status(cid(i)).status();
  }

  void awaitStatus(int i, TrackerStatus expected) {
    eventually().until(() -> status(i) == expected);
  }

  @Override
  public void close() {
    tracker.close();
  }
}
