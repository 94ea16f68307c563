package io.ipfscluster.net.gossip;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * N gossip routers on an {@link InProcessGossipNetwork} in virtual time: a seeded random picks
 * identities, link delays (1 to 20 ms) and mesh peers, so each run is the same. Frames may be
 * dropped by a test-set rule. Records what each router's handlers receive.
 */
final class SimulatedCluster implements AutoCloseable {
  static final String TOPIC = "monitor.metrics";

  /** Which frames to lose. */
  @FunctionalInterface
  interface DropRule {
    boolean drop(PeerId from, PeerId to, byte[] frame);
  }

  final VirtualScheduler time = new VirtualScheduler();
  final InProcessGossipNetwork network;
  final GossipParams params;
  private final Random random;
  private final List<GossipRouter> routers = new ArrayList<>();
  private final Map<PeerId, List<GossipMessage>> received = new HashMap<>();
  private final Map<PeerId, Identity> identities = new HashMap<>();
  volatile DropRule dropRule = (from, to, frame) -> false;

  SimulatedCluster(GossipParams params, long seed) {
    this.params = params;
    this.random = new Random(seed);
    this.network =
        new InProcessGossipNetwork(
            time,
            (from, to, frame) ->
                dropRule.drop(from, to, frame) ? null : Duration.ofMillis(1 + random.nextInt(20)));
  }

  SimulatedCluster(int peers) {
    this(GossipParams.defaults(), 42);
    for (int i = 0; i < peers; i++) {
      add();
    }
    connectAll();
  }

  /** A new identity from the seeded random. */
  Identity newIdentity() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    Identity id = Identity.fromSeed(seed);
    identities.put(id.peerId(), id);
    return id;
  }

  Identity identity(GossipRouter r) {
    return identities.get(r.peerId());
  }

  /** Starts a new router, not yet connected. */
  GossipRouter add() {
    Identity id = newIdentity();
    GossipRouter r =
        GossipRouter.builder(id, network.transport(id.peerId()))
            .params(params)
            .clock(time)
            .scheduler(time)
            .random(new Random(random.nextLong()))
            .build();
    r.start();
    routers.add(r);
    received.put(r.peerId(), new CopyOnWriteArrayList<>());
    return r;
  }

  void connectAll() {
    for (int i = 0; i < routers.size(); i++) {
      for (int j = i + 1; j < routers.size(); j++) {
        network.connect(routers.get(i).peerId(), routers.get(j).peerId());
      }
    }
  }

  /** Subscribes every router to {@code topic}, recording what each receives. */
  void subscribeAll(String topic) {
    for (GossipRouter r : routers) {
      subscribe(r, topic);
    }
  }

  Subscription subscribe(GossipRouter r, String topic) {
    List<GossipMessage> got = received.get(r.peerId());
    return r.subscribe(topic, got::add);
  }

  List<GossipRouter> routers() {
    return List.copyOf(routers);
  }

  GossipRouter router(int i) {
    return routers.get(i);
  }

  /** What {@code r}'s handlers received, in order. */
  List<GossipMessage> received(GossipRouter r) {
    return received.get(r.peerId());
  }

  /** How many times {@code r} received {@code id}. */
  long timesReceived(GossipRouter r, MessageId id) {
    return received(r).stream().filter(m -> m.id().equals(id)).count();
  }

  void run(Duration d) {
    time.runFor(d);
  }

  /** Runs {@code n} heartbeat intervals. */
  void heartbeats(int n) {
    time.runFor(params.heartbeatInterval().multipliedBy(n));
  }

  @Override
  public void close() {
    routers.forEach(GossipRouter::close);
    time.shutdown();
  }
}
