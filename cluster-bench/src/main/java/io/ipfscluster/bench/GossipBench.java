package io.ipfscluster.bench;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.gossip.GossipRouter;
import io.ipfscluster.net.gossip.InProcessGossipNetwork;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gossip load tool: {@code peers} gossip routers in one JVM, fully connected through an {@link
 * InProcessGossipNetwork} on a real thread pool (one thread per core), all subscribed to one topic
 * with the default parameters (mesh degree 6, 5 to 12, heartbeat 1 s). After the meshes form it
 * publishes {@code messages} messages one at a time, each from a random peer, and waits until every
 * peer has it. It prints the latency from publish to each other peer's delivery, and how many times
 * each peer sent the message (forwards and IWANT answers) per publish.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.GossipBench [peers] [messages] [payload_bytes] [link_delay_ms]
 * </pre>
 *
 * <p>Defaults: 30 peers, 1000 messages, 256-byte payload, no link delay. A warm-up of 200 messages
 * runs first, unmeasured.
 */
public final class GossipBench {
  private static final String TOPIC = "monitor.metrics";
  private static final int WARM_UP = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private GossipBench() {}

  public static void main(String[] args) throws Exception {
    int peers = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int payload = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int delayMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    int threads = Runtime.getRuntime().availableProcessors();
    GossipParams params = GossipParams.defaults();
    System.out.printf(
        Locale.ROOT,
        "gossip bench: %d peers, %,d messages of %d bytes, link delay %d ms, D=%d (%d..%d),"
            + " %d delivery threads, Java %s%n",
        peers,
        messages,
        payload,
        delayMs,
        params.d(),
        params.dLow(),
        params.dHigh(),
        threads,
        Runtime.version());

    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads);
    Duration delay = Duration.ofMillis(delayMs);
    InProcessGossipNetwork network =
        new InProcessGossipNetwork(executor, (from, to, frame) -> delay);
    // The message being measured; its payload holds the publish time and its number.
    AtomicReference<Delivery> current = new AtomicReference<>();
    List<GossipRouter> routers = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      Identity id = Identity.generate();
      GossipRouter r =
          GossipRouter.builder(id, network.transport(id.peerId()))
              .params(params)
              .scheduler(executor)
              .build();
      r.start();
      routers.add(r);
    }
    for (int i = 0; i < peers; i++) {
      for (int j = i + 1; j < peers; j++) {
        network.connect(routers.get(i).peerId(), routers.get(j).peerId());
      }
    }
    for (GossipRouter r : routers) {
      PeerId self = r.peerId();
      r.subscribe(
          TOPIC,
          m -> {
            long now = System.nanoTime();
            ByteBuffer data = ByteBuffer.wrap(m.data());
            long published = data.getLong();
            Delivery d = current.get();
            if (d != null && d.number == data.getInt() && !m.from().equals(self)) {
              d.arrived(now - published);
            }
          });
    }
    Thread.sleep(params.heartbeatInterval().multipliedBy(3).toMillis()); // meshes form

    Random random = new Random(1);
    run(routers, current, random, WARM_UP, payload);
    Result result = run(routers, current, random, messages, payload);

    long[] lat = result.latencies;
    Arrays.sort(lat);
    long withinDeadline = Arrays.stream(lat).filter(l -> l <= DEADLINE.toNanos()).count();
    System.out.printf(
        Locale.ROOT,
        "latency publish -> delivery (%,d deliveries): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
            + " max %.2f ms; within 1 s: %.2f%% [target 100%%: %s]%n",
        lat.length,
        pct(lat, 0.50),
        pct(lat, 0.90),
        pct(lat, 0.99),
        lat[lat.length - 1] / 1e6,
        100.0 * withinDeadline / lat.length,
        withinDeadline == lat.length && result.incomplete == 0 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT,
        "messages reaching every peer: %,d of %,d%n",
        messages - result.incomplete,
        messages);
    int[] sends = result.sendsPerPeerPerPublish;
    Arrays.sort(sends);
    double mean = Arrays.stream(sends).average().orElse(0);
    double meanMesh = routers.stream().mapToInt(r -> r.meshPeers(TOPIC).size()).average().orElse(0);
    int maxMesh = routers.stream().mapToInt(r -> r.meshPeers(TOPIC).size()).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "messages sent per peer per publish: mean %.2f, p99 %d, max %d"
            + " [target <= 2 x D = %d: %s]; mesh degree at the end: mean %.1f, max %d%n",
        mean,
        sends[(int) (sends.length * 0.99)],
        sends[sends.length - 1],
        2 * params.d(),
        sends[sends.length - 1] <= 2 * params.d() ? "met" : "NOT met",
        meanMesh,
        maxMesh);
    long framesDropped = routers.stream().mapToLong(r -> r.stats().framesDropped()).sum();
    System.out.printf(Locale.ROOT, "frames dropped: %d%n", framesDropped);

    routers.forEach(GossipRouter::close);
    executor.shutdownNow();
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  private record Result(long[] latencies, int[] sendsPerPeerPerPublish, int incomplete) {}

  /** What arrived of one message. */
  private static final class Delivery {
    final int number;
    final long[] latencies;
    final CountDownLatch done;
    int count; // guarded by this

    Delivery(int number, int expected) {
      this.number = number;
      latencies = new long[expected];
      done = new CountDownLatch(expected);
    }

    synchronized void arrived(long latency) {
      if (count < latencies.length) {
        latencies[count++] = latency;
        done.countDown();
      }
    }
  }

  /**
   * Publishes {@code count} messages one after the other, each once every peer has the one before,
   * so that each peer's sends can be attributed to one publish.
   */
  private static Result run(
      List<GossipRouter> routers,
      AtomicReference<Delivery> current,
      Random random,
      int count,
      int payload)
      throws InterruptedException {
    int n = routers.size();
    long[] latencies = new long[count * (n - 1)];
    int[] sends = new int[count * n];
    int filled = 0;
    int incomplete = 0;
    for (int i = 0; i < count; i++) {
      GossipRouter publisher = routers.get(random.nextInt(n));
      long[] before = routers.stream().mapToLong(r -> r.stats().messagesSent()).toArray();
      Delivery d = new Delivery(NUMBERS.getAndIncrement(), n - 1);
      current.set(d);
      byte[] data = new byte[Math.max(12, payload)];
      ByteBuffer.wrap(data).putLong(System.nanoTime()).putInt(d.number);
      publisher.publish(TOPIC, data);
      boolean complete = d.done.await(5, TimeUnit.SECONDS);
      if (!complete) {
        incomplete++;
      }
      synchronized (d) {
        System.arraycopy(d.latencies, 0, latencies, filled, d.count);
        filled += d.count;
      }
      for (int p = 0; p < n; p++) {
        sends[i * n + p] = (int) (routers.get(p).stats().messagesSent() - before[p]);
      }
    }
    return new Result(Arrays.copyOf(latencies, filled), sends, incomplete);
  }
}
