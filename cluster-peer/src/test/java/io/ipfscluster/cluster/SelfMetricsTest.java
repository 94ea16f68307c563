package io.ipfscluster.cluster;

import static io.ipfscluster.cluster.PinningTest.NOW;
import static io.ipfscluster.cluster.PinningTest.SELF;
import static io.ipfscluster.cluster.PinningTest.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Metric;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pinqueue and numpin informers, and measurements handed to the monitor. */
@Timeout(30)
class SelfMetricsTest {
  private static final Duration TTL = Duration.ofSeconds(10);

  private final AtomicReference<Set<String>> askedTypes = new AtomicReference<>();

  /** An IPFS node that lists {@code pins} (null: cannot list) and fails everything else. */
  private IpfsConnector node(List<IpfsPinInfo> pins) {
    return (IpfsConnector)
        Proxy.newProxyInstance(
            IpfsConnector.class.getClassLoader(),
            new Class<?>[] {IpfsConnector.class},
            (proxy, method, args) -> {
              if (method.getName().equals("pinLs") && pins != null) {
                @SuppressWarnings("unchecked")
                Set<String> types = (Set<String>) args[0];
                askedTypes.set(types);
                return pins.stream();
              }
              if (method.getName().equals("close")) {
                return null;
              }
              throw new IpfsException("IPFS is down");
            });
  }

  private SelfMetrics informers(IpfsConnector ipfs, LongSupplier queue) {
    return new SelfMetrics(
        SELF,
        "alpha",
        ipfs,
        queue,
        new SelfMetrics.Settings(
            Duration.ofSeconds(15),
            Optional.empty(),
            "freespace",
            Optional.empty(),
            Map.of(),
            Optional.of(TTL),
            100,
            Optional.of(TTL)),
        InstantSource.fixed(NOW));
  }

  @Test
  void pinQueue_queuedPins_valueIsTheCount_weightIsMinusTheBuckets() {
    SelfMetrics metrics = informers(node(List.of()), () -> 250);

    metrics.pinQueue();

    Metric m = metrics.latest("pinqueue").getFirst();
    assertThat(m.value()).isEqualTo("250");
    assertThat(m.weight()).isEqualTo(-2);
    assertThat(m.partitionable()).isFalse();
    assertThat(m.expireInstant()).isEqualTo(NOW.plus(TTL));
  }

  @Test
  void pinQueue_trackerCannotTell_metricInvalidAndHidden() {
    SelfMetrics metrics =
        informers(
            node(List.of()),
            () -> {
              throw new IllegalStateException("closed");
            });

    metrics.pinQueue();

    assertThat(metrics.metricNames()).containsExactly("pinqueue");
    assertThat(metrics.latest("pinqueue")).isEmpty();
  }

  @Test
  void numPin_countsTheNodesRecursivePins() {
    List<IpfsPinInfo> pins =
        List.of(
            new IpfsPinInfo(cid("a"), IpfsPinStatus.RECURSIVE),
            new IpfsPinInfo(cid("b"), IpfsPinStatus.RECURSIVE),
            new IpfsPinInfo(cid("c"), IpfsPinStatus.RECURSIVE));
    SelfMetrics metrics = informers(node(pins), () -> 0);

    metrics.numPin();

    assertThat(askedTypes.get()).containsExactly("recursive");
    Metric m = metrics.latest("numpin").getFirst();
    assertThat(m.value()).isEqualTo("3");
    assertThat(m.expireInstant()).isEqualTo(NOW.plus(TTL));
  }

  @Test
  void numPin_ipfsDown_metricInvalidAndHidden() {
    SelfMetrics metrics = informers(node(null), () -> 0);

    metrics.numPin();

    assertThat(metrics.metricNames()).containsExactly("numpin");
    assertThat(metrics.latest("numpin")).isEmpty();
  }

  @Test
  void ping_ipfsNodeHangs_pingIsStillRecorded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    IpfsConnector hanging =
        (IpfsConnector)
            Proxy.newProxyInstance(
                IpfsConnector.class.getClassLoader(),
                new Class<?>[] {IpfsConnector.class},
                (proxy, method, args) -> {
                  release.await();
                  throw new IpfsException("IPFS is down");
                });
    SelfMetrics metrics =
        new SelfMetrics(
            SELF,
            "alpha",
            hanging,
            new SelfMetrics.Settings(
                Duration.ofMillis(200), Optional.empty(), "freespace", Optional.empty(), Map.of()),
            InstantSource.fixed(NOW));
    try {
      metrics.ping();
    } finally {
      release.countDown();
    }

    Metric ping = metrics.latest("ping").getFirst();
    assertThat(ping.value()).isEqualTo("{\"peer_name\":\"alpha\"}");
    assertThat(ping.expireInstant()).isEqualTo(NOW.plusMillis(400));
  }

  @Test
  void start_everyInformerMeasures_andEachMeasurementReachesTheSink() {
    AtomicLong queue = new AtomicLong(7);
    SelfMetrics metrics = informers(node(List.of()), queue::get);
    List<Metric> sunk = new CopyOnWriteArrayList<>();
    ScheduledExecutorService loops = Executors.newSingleThreadScheduledExecutor();
    try {
      metrics.start(loops, sunk::add);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(sunk).extracting(Metric::name).contains("ping", "pinqueue", "numpin"));
      assertThat(sunk).allSatisfy(m -> assertThat(m.peer()).isEqualTo(SELF));
    } finally {
      loops.shutdownNow();
    }
  }
}
