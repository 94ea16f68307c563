package io.ipfscluster.bench;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.components.PinTracker;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.PinTrackerService;
import io.ipfscluster.net.rpc.RemotePinTracker;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.net.tls.PeerTls;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Small unary calls between two peers over the peer network: a server peer with a {@link
 * PinTrackerService} and a client peer (trusted) whose callers each loop {@code PinTracker.Status}
 * through a {@link RemotePinTracker}, over one mutual-TLS connection on loopback. Each answer is a
 * ~250-byte status in v1 JSON, decoded back into a {@link PinInfo}.
 *
 * <p>Usage: {@code PeerRpcBench [callers] [seconds] [rounds]} (16 callers, 5 s, 3 measured rounds
 * after one warm-up round).
 */
public final class PeerRpcBench {
  private PeerRpcBench() {}

  public static void main(String[] args) throws Exception {
    int callers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    byte[] secret = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    Identity serverId = Identity.generate();
    Identity clientId = Identity.generate();
    PeerTls serverTls = PeerTls.create(serverId, secret);
    PeerTls clientTls = PeerTls.create(clientId, secret);
    Cid cid =
        Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, new byte[] {1, 2, 3}));
    try (PeerRpcServer server =
            PeerRpcServer.start(
                serverTls,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                RpcPolicy.defaults(),
                clientId.peerId()::equals,
                RpcLimits.defaults(),
                List.of(new PinTrackerService(new FixedTracker(serverId, cid))));
        PeerChannels channels =
            new PeerChannels(
                clientTls,
                p ->
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())),
                Duration.ofSeconds(5),
                ConnectionManagerConfig.defaults(),
                RpcLimits.defaults())) {
      RemotePinTracker remote =
          new RemotePinTracker(
              channels.channel(serverId.peerId()), serverId.peerId(), Duration.ofSeconds(10));
      System.out.printf("PeerRpcBench: %d callers, %d s per round%n", callers, seconds);
      for (int r = 0; r <= rounds; r++) {
        long cpu0 = processCpuNanos();
        long[] calls = new long[1];
        double rate = round(remote, cid, callers, Duration.ofSeconds(seconds), calls);
        double cpuMicros = (processCpuNanos() - cpu0) / 1e3 / calls[0];
        System.out.printf(
            "%s: %,.0f calls/s; %.0f us of CPU per call (client and server together),"
                + " so %,.0f calls per CPU-second%n",
            r == 0 ? "warm-up" : "round " + r, rate, cpuMicros, 1e6 / cpuMicros);
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double round(
      RemotePinTracker remote, Cid cid, int callers, Duration length, long[] total)
      throws InterruptedException {
    LongAdder calls = new LongAdder();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < callers; i++) {
      threads.add(
          Thread.ofPlatform()
              .name("caller-" + i)
              .start(
                  () -> {
                    while (System.nanoTime() < end) {
                      if (!remote.status(cid).cid().equals(cid)) {
                        throw new IllegalStateException("wrong answer");
                      }
                      calls.increment();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    total[0] = calls.sum();
    return calls.sum() / ((System.nanoTime() - start) / 1e9);
  }

  /** A tracker whose every status is the same pinned one. */
  private static final class FixedTracker implements PinTracker {
    private final PinInfo info;

    FixedTracker(Identity self, Cid cid) {
      this.info =
          PinInfo.of(
              Pin.of(cid),
              self.peerId(),
              PinInfoShort.of("bench-peer", TrackerStatus.PINNED, GoTime.ZERO));
    }

    @Override
    public void track(Pin pin) {}

    @Override
    public void untrack(Cid cid) {}

    @Override
    public Stream<PinInfo> statusAll(StatusFilter filter) {
      return Stream.of(info);
    }

    @Override
    public PinInfo status(Cid cid) {
      return info;
    }

    @Override
    public Stream<PinInfo> recoverAll() {
      return Stream.empty();
    }

    @Override
    public PinInfo recover(Cid cid) {
      return info;
    }

    @Override
    public long pinQueueSize() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
