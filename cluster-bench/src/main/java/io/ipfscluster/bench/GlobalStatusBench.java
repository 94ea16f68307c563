package io.ipfscluster.bench;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.cluster.OtherPeers;
import io.ipfscluster.cluster.PeerCluster;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.PinTrackerService;
import io.ipfscluster.net.rpc.RemotePinTracker;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.net.tls.PeerTls;
import io.ipfscluster.state.DatastoreState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The global {@code StatusAll} of three peers, as {@code GET /pins} runs it: this peer's tracker
 * and two other peers' trackers, reached over the peer RPC (mutual TLS on loopback), each streaming
 * the status of the same {@code pins} pins in CID order, merged into one {@link GlobalPinInfo} per
 * CID by {@link PeerCluster#statusAll}. Reports merged statuses per second and the peak heap in use
 * while merging (run it with a small {@code -Xmx} to see that memory does not grow with the
 * pinset).
 *
 * <p>Usage: {@code GlobalStatusBench [pins] [rounds]} (1,000,000 pins, 3 measured rounds after one
 * warm-up round).
 */
public final class GlobalStatusBench {
  private GlobalStatusBench() {}

  public static void main(String[] args) throws Exception {
    long pins = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] secret = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    Identity self = Identity.generate();
    List<Identity> remotes = List.of(Identity.generate(), Identity.generate());
    List<PeerRpcServer> servers = new ArrayList<>();
    try {
      for (Identity r : remotes) {
        servers.add(
            PeerRpcServer.start(
                PeerTls.create(r, secret),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                RpcPolicy.defaults(),
                self.peerId()::equals,
                RpcLimits.defaults(),
                List.of(new PinTrackerService(new GeneratedTracker(r.peerId(), pins)))));
      }
      Map<PeerId, Integer> ports =
          Map.of(
              remotes.get(0).peerId(), servers.get(0).port(),
              remotes.get(1).peerId(), servers.get(1).port());
      try (PeerChannels channels =
          new PeerChannels(
              PeerTls.create(self, secret),
              p -> List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(p))),
              Duration.ofSeconds(5),
              ConnectionManagerConfig.defaults(),
              RpcLimits.defaults())) {
        List<PeerId> members =
            List.of(self.peerId(), remotes.get(0).peerId(), remotes.get(1).peerId());
        PeerCluster cluster =
            new PeerCluster(
                new PeerCluster.Self(self.peerId(), "bench-0", List.of()),
                -1,
                -1,
                false,
                new PeerCluster.Allocating(List.of("freespace"), false, false),
                new FixedMembers(members),
                new GeneratedTracker(self.peerId(), pins),
                null,
                InstantSource.system());
        cluster.useNetwork(new RpcTrackers(channels));
        System.out.printf(
            "GlobalStatusBench: 3 peers (2 over the peer RPC), %,d pins each, max heap %d MiB%n",
            pins, Runtime.getRuntime().maxMemory() >> 20);
        for (int r = 0; r <= rounds; r++) {
          round(cluster, pins, r == 0 ? "warm-up" : "round " + r);
        }
      }
    } finally {
      servers.forEach(PeerRpcServer::close);
    }
  }

  private static void round(PeerCluster cluster, long pins, String name) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    long start = System.nanoTime();
    long merged = 0;
    try (Stream<GlobalPinInfo> s = cluster.statusAll(StatusFilter.ALL, false)) {
      for (Iterator<GlobalPinInfo> it = s.iterator(); it.hasNext(); ) {
        GlobalPinInfo g = it.next();
        if (g.peerMap().size() != 3) {
          throw new IllegalStateException("expected 3 peers for " + g.cid() + ": " + g.peerMap());
        }
        merged++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    sampler.join();
    if (merged != pins) {
      throw new IllegalStateException("merged " + merged + " statuses of " + pins + " pins");
    }
    System.out.printf(
        "%s: %,d statuses merged in %.2f s = %,.0f pins/s (%,.0f peer statuses/s);"
            + " heap used %d MiB before, peak %d MiB%n",
        name,
        merged,
        seconds,
        merged / seconds,
        3 * merged / seconds,
        before >> 20,
        peak.get() >> 20);
  }

  /** The CID of pin {@code i}: a CIDv0 whose digest ends with {@code i}, so CIDs sort like i. */
  static Cid cid(long i) {
    byte[] digest = ByteBuffer.allocate(32).putLong(24, i).array();
    return Cid.v0(Multihash.of(HashFunction.SHA2_256, digest));
  }

  /** A tracker with {@code pins} pinned pins, generated in CID order as they are listed. */
  private static final class GeneratedTracker implements PinTracker {
    private final PeerId peer;
    private final long pins;
    private final Instant at = Instant.parse("2026-01-02T03:04:05Z");

    GeneratedTracker(PeerId peer, long pins) {
      this.peer = peer;
      this.pins = pins;
    }

    @Override
    public Stream<PinInfo> statusAll(StatusFilter filter) {
      return LongStream.range(0, pins).mapToObj(i -> status(cid(i)));
    }

    @Override
    public PinInfo status(Cid cid) {
      return new PinInfo(
          cid,
          "",
          peer,
          List.of(),
          List.of(),
          at,
          Map.of(),
          PinInfoShort.of("bench-" + peer.shortString(), TrackerStatus.PINNED, at));
    }

    @Override
    public void track(Pin pin) {}

    @Override
    public void untrack(Cid cid) {}

    @Override
    public Stream<PinInfo> recoverAll() {
      return Stream.empty();
    }

    @Override
    public PinInfo recover(Cid cid) {
      return status(cid);
    }

    @Override
    public long pinQueueSize() {
      return 0;
    }

    @Override
    public void close() {}
  }

  /** The other peers' trackers over the peer RPC; nothing else is used here. */
  private record RpcTrackers(PeerChannels channels) implements OtherPeers {
    private RemotePinTracker tracker(PeerId peer) {
      return new RemotePinTracker(channels.channel(peer), peer, Duration.ofSeconds(15));
    }

    @Override
    public Stream<PinInfo> trackerStatusAll(PeerId peer, StatusFilter filter) {
      return tracker(peer).statusAll(filter);
    }

    @Override
    public PinInfo trackerStatus(PeerId peer, Cid cid) {
      return tracker(peer).status(cid);
    }

    @Override
    public PinInfo trackerRecover(PeerId peer, Cid cid) {
      return tracker(peer).recover(cid);
    }

    @Override
    public Stream<PinInfo> recoverAllLocal(PeerId peer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RepoGc repoGcLocal(PeerId peer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PeerInfo id(PeerId peer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Multiaddr> addresses(PeerId peer) {
      return List.of();
    }

    @Override
    public void blockStream(PeerId peer, Iterator<Block> blocks) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<PeerId> ipfsSwarmPeers(PeerId peer) {
      throw new UnsupportedOperationException();
    }
  }

  /** A consensus of fixed members and an empty pinset: all a global status asks of it. */
  private record FixedMembers(List<PeerId> members) implements Consensus {
    private static final PinsetView EMPTY = new DatastoreState(new MemoryDatastore());

    @Override
    public List<PeerId> peers() {
      return members;
    }

    @Override
    public PinsetView state() {
      return EMPTY;
    }

    @Override
    public boolean isTrustedPeer(PeerId peer) {
      return true;
    }

    @Override
    public boolean awaitReady(Duration timeout) {
      return true;
    }

    @Override
    public void logPin(Pin pin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void logUnpin(Pin pin) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addPeer(PeerId peer) {}

    @Override
    public void removePeer(PeerId peer) {}

    @Override
    public PeerId leader() {
      return members.getFirst();
    }

    @Override
    public void waitForSync(Duration timeout) {}

    @Override
    public void trust(PeerId peer) {}

    @Override
    public void distrust(PeerId peer) {}

    @Override
    public void close() {}
  }
}
