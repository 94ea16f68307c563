package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.config.CrdtBatchingConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.HeadAnnouncer;
import io.ipfscluster.consensus.crdt.sync.CrdtBroadcaster;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.gossip.GossipRouter;
import io.ipfscluster.net.rpc.ConsensusService;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.RpcBlockFetcher;
import io.ipfscluster.net.rpc.RpcGossipTransport;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CRDT replication among peers in one JVM over the real peer transport (mutual TLS, gossip over the
 * peer RPC, {@code Consensus.FetchRanges}/{@code FetchBlocks}), each peer with its own RocksDB
 * datastore, {@link CrdtConsensus} and {@link CrdtBroadcaster}; no pin tracker (the hooks do
 * nothing), so it measures replication alone.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.CrdtReplicationBench &lt;folder&gt; &lt;pins&gt; \
 *     [--mode live|catchup] [--peers 3] [--writers 64] [--batch 0]
 * </pre>
 *
 * <p>{@code live}: peer 0 commits {@code pins} pins from {@code writers} threads while the others
 * are listening; prints the acknowledged rate and how long after the last acknowledgement every
 * peer holds every pin (equal version vectors). {@code catchup}: the last peer starts its
 * broadcaster only after peer 0 committed everything (a peer down for that many commits), and the
 * time it takes to hold every pin is printed. {@code --batch N} sets {@code max_batch_size} (age 1
 * s); 0 commits each group-commit batch as it comes. The peers' datastores are in a new folder
 * inside {@code folder}, deleted at the end.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class CrdtReplicationBench {
  private CrdtReplicationBench() {}

  private record Peer(
      Identity identity,
      CrdtConsensus consensus,
      GossipRouter router,
      PeerChannels channels,
      AtomicReference<HeadAnnouncer> announcer,
      List<AutoCloseable> resources) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: CrdtReplicationBench <folder> <pins> [--mode live|catchup] [--peers 3]"
              + " [--writers 64] [--batch 0]");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    int pins = Integer.parseInt(args[1].replace("_", ""));
    String mode = option(args, "--mode", "live");
    int n = Integer.parseInt(option(args, "--peers", "3"));
    int writers = Integer.parseInt(option(args, "--writers", "64"));
    int batch = Integer.parseInt(option(args, "--batch", "0"));
    try (ScratchFolder scratch = ScratchFolder.in(folder, "crdt-replication-")) {
      run(scratch.path(), pins, mode, n, writers, batch);
    }
  }

  private static void run(Path folder, int pins, String mode, int n, int writers, int batch)
      throws Exception {
    CrdtConfig d = CrdtConfig.defaults();
    CrdtConfig config =
        new CrdtConfig(
            d.clusterName(),
            d.trustedPeers(),
            batch == 0
                ? CrdtBatchingConfig.defaults()
                : new CrdtBatchingConfig(batch, Duration.ofSeconds(1), 200_000),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            d.peersetMetric(),
            d.datastoreNamespace());
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    List<Peer> peers = new ArrayList<>();
    try {
      startPeers(folder, n, config, timer, peers);
      List<CrdtBroadcaster> broadcasters = new ArrayList<>();
      int listening = mode.equals("catchup") ? n - 1 : n;
      for (int i = 0; i < listening; i++) {
        broadcasters.add(broadcaster(peers.get(i), config));
      }
      long t0 = System.nanoTime();
      commit(peers.getFirst().consensus(), pins, writers);
      long acked = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%s: %d pins committed on peer 0 by %d writers in %.2f s (%.0f pins/s acknowledged),"
              + " batching %s%n",
          mode,
          pins,
          writers,
          (acked - t0) / 1e9,
          pins / ((acked - t0) / 1e9),
          batch == 0 ? "off" : batch + " items");
      long from = acked;
      if (mode.equals("catchup")) {
        from = System.nanoTime();
        broadcasters.add(broadcaster(peers.getLast(), config));
      }
      awaitAll(peers);
      long done = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%s: all %d peers hold all %d pins %.2f s after %s (%d blocks)%n",
          mode,
          n,
          pins,
          (done - from) / 1e9,
          mode.equals("catchup") ? "the late peer started syncing" : "the last acknowledgement",
          peers.getFirst().consensus().info().versionVector().entries().values().stream()
              .mapToLong(Long::longValue)
              .sum());
      for (CrdtBroadcaster b : broadcasters) {
        b.close();
      }
    } finally {
      for (Peer p : peers.reversed()) {
        for (AutoCloseable c : p.resources().reversed()) {
          c.close();
        }
      }
      timer.shutdownNow();
    }
  }

  private static void startPeers(
      Path folder, int n, CrdtConfig config, ScheduledExecutorService timer, List<Peer> peers)
      throws Exception {
    byte[] secret = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    RpcLimits limits = RpcLimits.defaults();
    Map<PeerId, InetSocketAddress> book = new ConcurrentHashMap<>();
    List<RpcGossipTransport> transports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Identity id = Identity.generate();
      List<AutoCloseable> resources = new ArrayList<>();
      RocksDbDatastore store =
          RocksDbDatastore.open(
              Files.createDirectories(folder.resolve("peer-" + i)), RocksDbSettings.defaults());
      resources.add(store);
      AtomicReference<HeadAnnouncer> announcer = new AtomicReference<>(HeadAnnouncer.NONE);
      CrdtConsensus consensus =
          CrdtConsensus.builder(store, id, config)
              .announcer(a -> announcer.get().announce(a))
              .build();
      resources.add(consensus);
      PeerTls tls = PeerTls.create(id, secret);
      PeerChannels channels =
          new PeerChannels(
              tls,
              p -> book.containsKey(p) ? List.of(book.get(p)) : List.of(),
              Duration.ofSeconds(5),
              ConnectionManagerConfig.defaults(),
              limits);
      RpcGossipTransport transport = new RpcGossipTransport(id.peerId(), channels, limits);
      PeerRpcServer server =
          PeerRpcServer.start(
              tls,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              RpcPolicy.defaults(),
              p -> true,
              limits,
              List.of(
                  transport.service(), new ConsensusService(consensus::block, consensus::blocks)));
      book.put(id.peerId(), new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
      GossipRouter router =
          GossipRouter.builder(id, transport)
              .params(GossipParams.defaults())
              .scheduler(timer)
              .build();
      router.start();
      resources.add(server);
      resources.add(channels);
      resources.add(transport);
      resources.add(router);
      transports.add(transport);
      peers.add(new Peer(id, consensus, router, channels, announcer, resources));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        transports.get(i).connect(peers.get(j).identity().peerId()).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static CrdtBroadcaster broadcaster(Peer p, CrdtConfig config) {
    CrdtBroadcaster b =
        CrdtBroadcaster.start(
            p.consensus(),
            p.router(),
            new RpcBlockFetcher(p.channels(), Duration.ofSeconds(60)),
            p.identity().peerId(),
            config);
    p.announcer().set(b);
    return b;
  }

  private static void commit(CrdtConsensus c, int pins, int writers) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (long i = next.getAndIncrement(); i < pins; i = next.getAndIncrement()) {
                      c.logPin(Pin.of(cid(i), PinOptions.defaults()));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static Cid cid(long i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(8).putLong(i).array()));
  }

  private static void awaitAll(List<Peer> peers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      var target = peers.getFirst().consensus().info().versionVector();
      boolean all = true;
      for (Peer p : peers) {
        all &= p.consensus().info().versionVector().equals(target);
      }
      if (all) {
        return;
      }
      Thread.sleep(20); // polling a benchmark's end condition
    }
    throw new IllegalStateException("peers did not converge within 10 minutes");
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 2; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
