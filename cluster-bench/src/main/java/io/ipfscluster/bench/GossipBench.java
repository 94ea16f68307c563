package io.ipfscluster.bench;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.gossip.GossipRouter;
import io.ipfscluster.net.gossip.InProcessGossipNetwork;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gossip load tool: {@code peers} gossip routers in one JVM, all subscribed to one topic, fully
 * connected either through an {@link InProcessGossipNetwork} on a real thread pool (one thread per
 * core; the default) or, with {@code rpc} as first argument, over the real peer transport: each
 * peer with its own RPC server, mutual TLS on loopback and an {@link
 * io.ipfscluster.net.rpc.RpcGossipTransport} ({@link RpcGossipCluster}).
 *
 * <p>After the meshes form it runs two phases. Latency: it publishes {@code messages} messages one
 * at a time, each from a random peer, and waits until every peer has it; it prints the latency from
 * publish to each other peer's delivery, and how many times each peer sent the message (forwards
 * and IWANT answers) per publish. Throughput: it publishes {@code messages} more as fast as it can
 * from random peers, with at most {@code window} not yet delivered everywhere, and prints the
 * messages per second delivered to every peer and the latencies under that load. It also prints the
 * machine's load average, which the figures depend on.
 *
 * <pre>
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.GossipBench [peers] [messages] [payload_bytes] [link_delay_ms]
 * java -cp 'cluster-bench/target/classes:cluster-bench/target/lib/*' \
 *     io.ipfscluster.bench.GossipBench rpc [peers] [messages] [payload_bytes] [window]
 * </pre>
 *
 * <p>Defaults: in process 30 peers, 1000 messages, 256-byte payload, no link delay, window 64; over
 * RPC 5 peers, 2000 messages, 256 bytes, window 64. A warm-up of 200 messages runs first,
 * unmeasured, and the default parameters apply (mesh degree 6, 5 to 12, heartbeat 1 s).
 */
public final class GossipBench {
  private static final String TOPIC = "monitor.metrics";
  private static final int WARM_UP = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private GossipBench() {}

  public static void main(String[] args) throws Exception {
    boolean rpc = args.length > 0 && args[0].equals("rpc");
    String[] a = rpc ? Arrays.copyOfRange(args, 1, args.length) : args;
    int peers = a.length > 0 ? Integer.parseInt(a[0]) : rpc ? 5 : 30;
    int messages = a.length > 1 ? Integer.parseInt(a[1]) : rpc ? 2000 : 1000;
    int payload = a.length > 2 ? Integer.parseInt(a[2]) : 256;
    int delayMs = !rpc && a.length > 3 ? Integer.parseInt(a[3]) : 0;
    int window = rpc && a.length > 3 ? Integer.parseInt(a[3]) : 64;
    int threads = Runtime.getRuntime().availableProcessors();
    GossipParams params = GossipParams.defaults();
    System.out.printf(
        Locale.ROOT,
        "gossip bench over %s: %d peers, %,d messages of %d bytes, link delay %d ms, D=%d (%d..%d),"
            + " %d threads, Java %s; load average %.2f%n",
        rpc ? "the peer RPC (mutual TLS on loopback)" : "an in-process network",
        peers,
        messages,
        payload,
        delayMs,
        params.d(),
        params.dLow(),
        params.dHigh(),
        threads,
        Runtime.version(),
        loadAverage());

    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads);
    AutoCloseable network;
    List<GossipRouter> routers;
    if (rpc) {
      RpcGossipCluster cluster = new RpcGossipCluster(peers, params, executor);
      network = cluster;
      routers = cluster.routers();
    } else {
      routers = inProcess(peers, params, executor, Duration.ofMillis(delayMs));
      network = () -> routers.forEach(GossipRouter::close);
    }
    // What arrives goes to the phase being measured; the payload holds the publish time and the
    // message's number.
    AtomicReference<Sink> sink = new AtomicReference<>();
    for (GossipRouter r : routers) {
      PeerId self = r.peerId();
      r.subscribe(
          TOPIC,
          m -> {
            long now = System.nanoTime();
            ByteBuffer data = ByteBuffer.wrap(m.data());
            long published = data.getLong();
            Sink s = sink.get();
            if (s != null && !m.from().equals(self)) {
              s.arrived(data.getInt(), now - published);
            }
          });
    }
    Thread.sleep(params.heartbeatInterval().multipliedBy(3).toMillis()); // meshes form

    Random random = new Random(1);
    run(routers, sink, random, WARM_UP, payload);
    Result result = run(routers, sink, random, messages, payload);
    report(result, routers, params, messages);
    load(routers, sink, random, messages, payload, window);
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());

    network.close();
    executor.shutdownNow();
  }

  private static List<GossipRouter> inProcess(
      int peers, GossipParams params, ScheduledThreadPoolExecutor executor, Duration delay) {
    InProcessGossipNetwork network =
        new InProcessGossipNetwork(executor, (from, to, frame) -> delay);
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
    return routers;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void report(
      Result result, List<GossipRouter> routers, GossipParams params, int messages) {
    long[] lat = result.latencies;
    Arrays.sort(lat);
    long withinDeadline = Arrays.stream(lat).filter(l -> l <= DEADLINE.toNanos()).count();
    System.out.printf(
        Locale.ROOT,
        "latency publish -> delivery, one message at a time (%,d deliveries): p50 %.2f ms,"
            + " p90 %.2f ms, p99 %.2f ms, max %.2f ms; within 1 s: %.2f%% [target 100%%: %s]%n",
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
  }

  /**
   * Publishes {@code count} messages from random peers as fast as the window allows, and prints the
   * messages per second delivered to every peer and the latencies under that load.
   */
  private static void load(
      List<GossipRouter> routers,
      AtomicReference<Sink> sink,
      Random random,
      int count,
      int payload,
      int window)
      throws InterruptedException {
    int n = routers.size();
    long dropped0 = routers.stream().mapToLong(r -> r.stats().framesDropped()).sum();
    Load load = new Load(NUMBERS.getAndAdd(count), count, n - 1, window);
    sink.set(load);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (!load.window.tryAcquire(30, TimeUnit.SECONDS)) {
        System.out.printf(Locale.ROOT, "the window stayed full for 30 s: stopped at %,d%n", i);
        break;
      }
      byte[] data = new byte[Math.max(12, payload)];
      ByteBuffer.wrap(data).putLong(System.nanoTime()).putInt(load.base + i);
      routers.get(random.nextInt(n)).publish(TOPIC, data);
    }
    boolean complete = load.done.await(30, TimeUnit.SECONDS);
    long elapsed = load.lastDone.get() - start;
    sink.set(null);
    long delivered = count - load.done.getCount();
    long[] lat = Arrays.copyOf(load.latencies, Math.min(load.filled.get(), load.latencies.length));
    Arrays.sort(lat);
    long dropped = routers.stream().mapToLong(r -> r.stats().framesDropped()).sum() - dropped0;
    System.out.printf(
        Locale.ROOT,
        "throughput, window %d: %,d of %,d messages reached every peer in %.2f s = %,.0f"
            + " messages/s (%,.0f deliveries/s)%s; latency under load (%,d deliveries): p50 %.2f ms,"
            + " p99 %.2f ms, max %.2f ms; frames dropped %d%n",
        window,
        delivered,
        count,
        elapsed / 1e9,
        delivered / (elapsed / 1e9),
        delivered * (n - 1) / (elapsed / 1e9),
        complete ? "" : " [INCOMPLETE after 30 s]",
        lat.length,
        pct(lat, 0.50),
        pct(lat, 0.99),
        lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
        dropped);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  private record Result(long[] latencies, int[] sendsPerPeerPerPublish, int incomplete) {}

  /** Where the subscribers' handlers report what arrived. Thread-safe. */
  private interface Sink {
    void arrived(int number, long latencyNanos);
  }

  /** What arrived of one message. */
  private static final class Delivery implements Sink {
    final int number;
    final long[] latencies;
    final CountDownLatch done;
    int count; // guarded by this

    Delivery(int number, int expected) {
      this.number = number;
      latencies = new long[expected];
      done = new CountDownLatch(expected);
    }

    @Override
    public synchronized void arrived(int number, long latency) {
      if (number == this.number && count < latencies.length) {
        latencies[count++] = latency;
        done.countDown();
      }
    }
  }

  /** What arrived of the messages {@code base .. base + count - 1}, published concurrently. */
  private static final class Load implements Sink {
    final int base;
    final AtomicIntegerArray remaining;
    final long[] latencies;
    final AtomicInteger filled = new AtomicInteger();
    final CountDownLatch done;
    final Semaphore window;
    final AtomicLong lastDone = new AtomicLong();

    Load(int base, int count, int receivers, int window) {
      this.base = base;
      this.remaining = new AtomicIntegerArray(count);
      for (int i = 0; i < count; i++) {
        remaining.set(i, receivers);
      }
      this.latencies = new long[count * receivers];
      this.done = new CountDownLatch(count);
      this.window = new Semaphore(window);
    }

    @Override
    public void arrived(int number, long latency) {
      int i = number - base;
      if (i < 0 || i >= remaining.length()) {
        return; // a late copy from an earlier phase
      }
      int slot = filled.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = latency;
      }
      if (remaining.decrementAndGet(i) == 0) {
        lastDone.accumulateAndGet(System.nanoTime(), Math::max);
        done.countDown();
        window.release();
      }
    }
  }

  /**
   * Publishes {@code count} messages one after the other, each once every peer has the one before,
   * so that each peer's sends can be attributed to one publish.
   */
  private static Result run(
      List<GossipRouter> routers,
      AtomicReference<Sink> current,
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
