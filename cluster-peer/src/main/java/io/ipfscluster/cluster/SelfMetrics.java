package io.ipfscluster.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Metric;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics this peer measures about itself, each kept as its latest value: the {@code ping}
 * metric every {@code monitor_ping_interval} (TTL twice that), the disk informer's {@code
 * freespace} or {@code reposize} from the IPFS node's repo/stat, the tags informer's {@code
 * tag:<name>} metrics, the pinqueue informer's {@code pinqueue} (pins waiting in the tracker's
 * queues) and the numpin informer's {@code numpin} (recursive pins of the IPFS node), each informer
 * every half of its {@code metric_ttl} (spec §1.2, §8.3).
 *
 * <p>Each measurement also goes to the sink given to {@link #start}: the peer monitor, which
 * publishes it to the other peers. Thread-safe.
 */
public final class SelfMetrics implements PeerMetrics {
  private static final Logger log = LoggerFactory.getLogger(SelfMetrics.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to measure.
   *
   * @param pingInterval {@code cluster.monitor_ping_interval}
   * @param diskTtl {@code informer.disk.metric_ttl}, empty without a disk informer
   * @param diskMetric {@code informer.disk.metric_type}: {@code freespace} or {@code reposize}
   * @param tagsTtl {@code informer.tags.metric_ttl}, empty without a tags informer
   * @param tags {@code informer.tags.tags}
   * @param pinQueueTtl {@code informer.pinqueue.metric_ttl}, empty without a pinqueue informer
   * @param pinQueueBucket {@code informer.pinqueue.weight_bucket_size}
   * @param numPinTtl {@code informer.numpin.metric_ttl}, empty without a numpin informer
   */
  public record Settings(
      Duration pingInterval,
      Optional<Duration> diskTtl,
      String diskMetric,
      Optional<Duration> tagsTtl,
      Map<String, String> tags,
      Optional<Duration> pinQueueTtl,
      int pinQueueBucket,
      Optional<Duration> numPinTtl) {
    public Settings {
      tags = Map.copyOf(tags);
    }

    /** Ping, disk and tags only (no pinqueue or numpin informer). */
    public Settings(
        Duration pingInterval,
        Optional<Duration> diskTtl,
        String diskMetric,
        Optional<Duration> tagsTtl,
        Map<String, String> tags) {
      this(pingInterval, diskTtl, diskMetric, tagsTtl, tags, Optional.empty(), 0, Optional.empty());
    }
  }

  private final PeerId self;
  private final String peername;
  private final IpfsConnector ipfs;
  private final Settings settings;
  private final InstantSource clock;
  private final LongSupplier pinQueueSize;
  private final String logPrefix;
  private final Map<String, Metric> latest = new ConcurrentHashMap<>();
  private volatile Consumer<Metric> sink = m -> {};
  private volatile String lastGoodPing;

  /** Measures without a pin tracker: the pinqueue informer, if set, reports an invalid metric. */
  public SelfMetrics(
      PeerId self, String peername, IpfsConnector ipfs, Settings settings, InstantSource clock) {
    this(self, peername, ipfs, () -> -1, settings, clock);
  }

  /**
   * @param pinQueueSize how many pins wait in the tracker's queues ({@code PinQueueSize}); a
   *     negative answer or a failure makes the {@code pinqueue} metric invalid
   */
  public SelfMetrics(
      PeerId self,
      String peername,
      IpfsConnector ipfs,
      LongSupplier pinQueueSize,
      Settings settings,
      InstantSource clock) {
    this.self = self;
    this.peername = peername;
    this.ipfs = ipfs;
    this.pinQueueSize = pinQueueSize;
    this.settings = settings;
    this.clock = clock;
    this.logPrefix = self.shortString();
  }

  /**
   * Measures everything now, then on each metric's schedule on {@code loops}, handing every
   * measurement to {@code sink} (which must be quick and thread-safe).
   */
  public void start(ScheduledExecutorService loops, Consumer<Metric> sink) {
    this.sink = sink;
    schedule(loops, this::ping, settings.pingInterval());
    settings.diskTtl().ifPresent(ttl -> schedule(loops, this::disk, ttl.dividedBy(2)));
    settings.tagsTtl().ifPresent(ttl -> schedule(loops, this::tags, ttl.dividedBy(2)));
    settings.pinQueueTtl().ifPresent(ttl -> schedule(loops, this::pinQueue, ttl.dividedBy(2)));
    settings.numPinTtl().ifPresent(ttl -> schedule(loops, this::numPin, ttl.dividedBy(2)));
  }

  /** Measures everything now, then on each metric's schedule on {@code loops}. */
  public void start(ScheduledExecutorService loops) {
    start(loops, m -> {});
  }

  /**
   * Runs {@code measure} every {@code every}, each time on a virtual thread so that a slow IPFS
   * node holds up neither the other loops nor the other metrics; a round is skipped while the last
   * one still runs.
   */
  private void schedule(ScheduledExecutorService loops, Runnable measure, Duration every) {
    long millis = Math.max(1, every.toMillis());
    AtomicBoolean running = new AtomicBoolean();
    loops.scheduleWithFixedDelay(
        () -> {
          if (!running.compareAndSet(false, true)) {
            return;
          }
          Thread.ofVirtual()
              .name(logPrefix + "-measure")
              .start(
                  () -> {
                    try {
                      measure.run();
                    } catch (RuntimeException e) {
                      log.error("{} could not measure a metric: {}", logPrefix, e.toString());
                    } finally {
                      running.set(false);
                    }
                  });
        },
        0,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** The names of the metrics measured so far, sorted. */
  @Override
  public List<String> metricNames() {
    return new ArrayList<>(new TreeMap<>(latest).keySet());
  }

  /** The latest metric named {@code name}, unless it is invalid or expired: none or one. */
  @Override
  public List<Metric> latest(String name) {
    Metric m = latest.get(name);
    return m == null || m.discardAt(clock.instant()) ? List.of() : List.of(m);
  }

  /**
   * The ping, on time whatever the IPFS node does: its ID is awaited for at most half the ping
   * interval, after which the last good value stands in.
   */
  void ping() {
    IpfsInfo node;
    CompletableFuture<IpfsInfo> asked =
        CompletableFuture.supplyAsync(ipfs::id, task -> Thread.ofVirtual().start(task));
    try {
      node = asked.get(Math.max(1, settings.pingInterval().toMillis() / 2), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      node = IpfsInfo.failed(e.getCause().getMessage());
    } catch (TimeoutException e) {
      node = IpfsInfo.failed("the IPFS node did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      node = IpfsInfo.failed("interrupted");
    }
    String value;
    if (node.id() == null && lastGoodPing != null) {
      value = lastGoodPing; // IPFS is down: the last good value, as the original keeps it
    } else {
      ObjectNode v = JSON.createObjectNode();
      if (!peername.isEmpty()) {
        v.put("peer_name", peername);
      }
      if (node.id() != null) {
        v.put("ipfs_id", node.id().toString());
      }
      List<Multiaddr> reachable = node.addresses().stream().filter(SelfMetrics::isPublic).toList();
      if (!reachable.isEmpty()) {
        reachable.forEach(a -> v.withArray("ipfs_addresses").add(a.toString()));
      }
      value = v.toString();
      if (node.id() != null) {
        lastGoodPing = value;
      }
    }
    record("ping", value, true, 0, false, settings.pingInterval().multipliedBy(2));
  }

  void disk() {
    Duration ttl = settings.diskTtl().orElseThrow();
    String name = settings.diskMetric();
    IpfsRepoStat stat;
    try {
      stat = ipfs.repoStat();
    } catch (RuntimeException e) {
      log.error("{} could not read the IPFS repo size: {}", logPrefix, e.getMessage());
      record(name, "", false, 0, false, ttl);
      return;
    }
    if (name.equals("reposize")) {
      record(name, Long.toString(stat.repoSize()), true, -stat.repoSize(), false, ttl);
    } else {
      long free = stat.free();
      record(name, Long.toString(free), free > 0, free, false, ttl);
    }
  }

  void tags() {
    Duration ttl = settings.tagsTtl().orElseThrow();
    settings.tags().forEach((k, v) -> record("tag:" + k, v, true, 0, true, ttl));
  }

  /**
   * The pinqueue informer: the pins waiting in the tracker's queues, weighted by buckets of {@code
   * weight_bucket_size} (fewer queued is heavier, so preferred).
   */
  void pinQueue() {
    Duration ttl = settings.pinQueueTtl().orElseThrow();
    long queued;
    try {
      queued = pinQueueSize.getAsLong();
    } catch (RuntimeException e) {
      log.error("{} could not read the pin queue size: {}", logPrefix, e.getMessage());
      queued = -1;
    }
    if (queued < 0) {
      record("pinqueue", "", false, 0, false, ttl);
      return;
    }
    long weight = -queued / Math.max(1, settings.pinQueueBucket());
    record("pinqueue", Long.toString(queued), true, weight, false, ttl);
  }

  /** The numpin informer: how many recursive pins the IPFS node holds. */
  void numPin() {
    Duration ttl = settings.numPinTtl().orElseThrow();
    long count;
    try (Stream<IpfsPinInfo> pins = ipfs.pinLs(Set.of("recursive"))) {
      count = pins.count();
    } catch (RuntimeException e) {
      log.error("{} could not list the IPFS pins: {}", logPrefix, e.getMessage());
      record("numpin", "", false, 0, false, ttl);
      return;
    }
    record("numpin", Long.toString(count), true, 0, false, ttl);
  }

  private void record(
      String name, String value, boolean valid, long weight, boolean partitionable, Duration ttl) {
    Instant now = clock.instant();
    Metric m =
        new Metric(
            name, self, value, nanos(now.plus(ttl)), valid, weight, partitionable, nanos(now));
    latest.put(name, m);
    sink.accept(m);
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Go's {@code IsGlobalUnicast} for IP addresses; DNS addresses are always kept. */
  private static boolean isPublic(Multiaddr a) {
    if (a.has(Protocol.DNS)
        || a.has(Protocol.DNS4)
        || a.has(Protocol.DNS6)
        || a.has(Protocol.DNSADDR)) {
      return true;
    }
    Optional<String> ip = a.valueOf(Protocol.IP4).or(() -> a.valueOf(Protocol.IP6));
    if (ip.isEmpty()) {
      return false;
    }
    try {
      InetAddress addr = InetAddress.getByName(ip.get());
      return !addr.isLoopbackAddress()
          && !addr.isMulticastAddress()
          && !addr.isLinkLocalAddress()
          && !addr.isAnyLocalAddress()
          && !ip.get().equals("255.255.255.255");
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
