package io.ipfscluster.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.ValidationResult;
import io.ipfscluster.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PeerMonitorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CHECK = Duration.ofSeconds(15);
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final PeerId SELF = Identity.generate().peerId();
  private static final PeerId A = Identity.generate().peerId();
  private static final PeerId B = Identity.generate().peerId();

  private final ManualClock clock = new ManualClock(T0);
  private final PeerMonitor monitor =
      new PeerMonitor(SELF, new PeerMonitor.Settings(CHECK, TTL, Duration.ofMinutes(10)), clock);
  private final List<Alert> heard = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService loops;

  PeerMonitorTest() {
    monitor.addAlertListener(heard::add);
  }

  @AfterEach
  void stop() {
    monitor.close();
    if (loops != null) {
      loops.shutdownNow();
    }
  }

  /** A valid metric of {@code peer} measured now, lasting {@link #TTL}. */
  private Metric metric(String name, PeerId peer, String value) {
    return new Metric(name, peer, value, nanos(clock.instant().plus(TTL)), true, 0, false, 0);
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static byte[] json(Metric m) throws Exception {
    return ClusterJson.mapper().writeValueAsBytes(m);
  }

  /** A monitor started on a loopback pub/sub; its checks are left to the test. */
  private LoopbackPubSub started() {
    LoopbackPubSub pubsub = new LoopbackPubSub(SELF);
    loops = Executors.newSingleThreadScheduledExecutor();
    monitor.start(pubsub, loops);
    return pubsub;
  }

  @Test
  void latest_metricsOfSeveralPeers_listsTheNewestValidOneOfEach() {
    monitor.logMetric(metric("freespace", A, "1"));
    monitor.logMetric(metric("freespace", B, "5"));
    clock.advance(Duration.ofSeconds(1));
    monitor.logMetric(metric("freespace", A, "2"));

    assertThat(monitor.latest("freespace"))
        .extracting(Metric::peer, Metric::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(A, "2"),
            org.assertj.core.groups.Tuple.tuple(B, "5"));
    assertThat(monitor.latest("freespace").getFirst().receivedInstant()).isNotNull();
    assertThat(monitor.metricNames()).containsExactly("freespace");
    assertThat(monitor.latest("ping")).isEmpty();
  }

  @Test
  void latest_expiredOrInvalidMetric_isLeftOut_butLatestForPeerStillHasIt() {
    monitor.logMetric(metric("ping", A, ""));
    monitor.logMetric(
        new Metric("ping", B, "", nanos(clock.instant().plus(TTL)), false, 0, false, 0));
    clock.advance(TTL.plusMillis(1));
    monitor.logMetric(metric("ping", SELF, ""));

    assertThat(monitor.peersWith("ping")).containsExactly(SELF);
    assertThat(monitor.latestForPeer("ping", A)).isPresent();
  }

  @Test
  void ignore_aPeer_forgetsItsMetrics_dropsNewOnes_andRaisesNoAlert() {
    monitor.logMetric(metric("ping", A, ""));
    monitor.logMetric(metric("ping", B, ""));

    monitor.ignore(A);
    monitor.logMetric(metric("ping", A, ""));
    clock.advance(TTL.plusSeconds(1));
    monitor.logMetric(metric("ping", B, ""));
    monitor.check();

    assertThat(monitor.peersWith("ping")).containsExactly(B);
    assertThat(monitor.latestForPeer("ping", A)).isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void window_manyMetrics_keepsTheLatest25NewestFirst() {
    for (int i = 0; i < 40; i++) {
      monitor.logMetric(metric("pinqueue", A, Integer.toString(i)));
    }

    List<Metric> window = monitor.window("pinqueue", A);
    assertThat(window).hasSize(PeerMonitor.WINDOW_CAPACITY);
    assertThat(window.getFirst().value()).isEqualTo("39");
    assertThat(window.getLast().value()).isEqualTo("15");
  }

  @Test
  void check_metricExpires_raisesOneAlertWithTheExpiredMetric_onlyOnce() {
    monitor.logMetric(metric("ping", A, "a"));
    monitor.logMetric(metric("ping", B, "b"));
    monitor.check();
    assertThat(heard).isEmpty();

    clock.advance(TTL.plusSeconds(1));
    monitor.logMetric(metric("ping", B, "b")); // B renews, A went silent
    monitor.check();
    clock.advance(CHECK);
    monitor.check();
    clock.advance(CHECK);
    monitor.check();

    assertThat(heard).hasSize(1);
    Alert alert = heard.getFirst();
    assertThat(alert.metric().peer()).isEqualTo(A);
    assertThat(alert.metric().name()).isEqualTo("ping");
    assertThat(alert.metric().value()).isEqualTo("a");
    assertThat(alert.triggeredAt()).isEqualTo(T0.plus(TTL).plusSeconds(1));
    assertThat(monitor.alerts()).containsExactly(alert);
  }

  @Test
  void check_peerComesBackAndExpiresAgain_raisesASecondAlert() {
    monitor.logMetric(metric("ping", A, ""));
    clock.advance(TTL.plusSeconds(1));
    monitor.check();
    monitor.logMetric(metric("ping", A, "")); // back
    monitor.check();
    clock.advance(TTL.plusSeconds(1));
    monitor.check();

    assertThat(heard).hasSize(2);
    assertThat(monitor.alerts()).hasSize(2);
    assertThat(monitor.alerts().getFirst().triggeredAt())
        .isAfter(monitor.alerts().getLast().triggeredAt());
  }

  @Test
  void logMetric_validAgainAfterAnAlert_listenersHearItRecoveredOnce() {
    List<Metric> recovered = new CopyOnWriteArrayList<>();
    monitor.addAlertListener(
        new AlertListener() {
          @Override
          public void onAlert(Alert alert) {}

          @Override
          public void onRecovered(Metric metric) {
            recovered.add(metric);
          }
        });
    monitor.logMetric(metric("ping", A, ""));
    monitor.logMetric(metric("ping", A, "")); // renewed in time: nothing to recover from
    assertThat(recovered).isEmpty();
    clock.advance(TTL.plusSeconds(1));
    monitor.check();

    monitor.logMetric(metric("ping", A, "back"));
    monitor.logMetric(metric("ping", A, "still"));

    assertThat(recovered).extracting(Metric::value).containsExactly("back");
  }

  @Test
  void check_peerStaysSilent_alertsAgainOnlyAfter300Checks() {
    monitor.logMetric(metric("ping", A, ""));
    clock.advance(TTL.plusSeconds(1));
    for (int i = 0; i < PeerMonitor.REALERT_AFTER_CHECKS; i++) {
      monitor.check();
    }
    assertThat(heard).hasSize(1);

    monitor.check();

    assertThat(heard).hasSize(2);
  }

  @Test
  void alerts_olderThanTheRetention_areDropped() {
    monitor.logMetric(metric("ping", A, ""));
    clock.advance(TTL.plusSeconds(1));
    monitor.check();
    assertThat(monitor.alerts()).hasSize(1);

    clock.advance(Duration.ofMinutes(11));

    assertThat(monitor.alerts()).isEmpty();
  }

  @Test
  void alerts_manyPeersExpire_keepsTheNewestThousand() {
    for (int i = 0; i < PeerMonitor.MAX_ALERTS + 50; i++) {
      monitor.logMetric(metric("ping", Identity.generate().peerId(), ""));
    }
    clock.advance(TTL.plusSeconds(1));
    monitor.check();

    assertThat(heard).hasSize(PeerMonitor.MAX_ALERTS + 50);
    assertThat(monitor.alerts()).hasSize(PeerMonitor.MAX_ALERTS);
  }

  @Test
  void check_longExpiredWindow_isForgotten() {
    monitor.logMetric(metric("tag:group", A, "x"));
    clock.advance(PeerMonitor.FORGET_AFTER.plus(TTL).plusSeconds(1));
    monitor.check();

    assertThat(monitor.metricNames()).isEmpty();
    assertThat(monitor.latestForPeer("tag:group", A)).isEmpty();
  }

  @Test
  void logMetric_tooManyNames_dropsTheNewNames() {
    for (int i = 0; i < PeerMonitor.MAX_NAMES + 10; i++) {
      monitor.logMetric(metric("tag:t" + i, A, "x"));
    }

    assertThat(monitor.metricNames()).hasSize(PeerMonitor.MAX_NAMES);
  }

  @Test
  void alertListener_thatThrows_doesNotStopTheOthers() {
    monitor.addAlertListener(
        a -> {
          throw new IllegalStateException("boom");
        });
    List<Alert> second = new CopyOnWriteArrayList<>();
    monitor.addAlertListener(second::add);
    monitor.logMetric(metric("ping", A, ""));
    clock.advance(TTL.plusSeconds(1));

    monitor.check();

    assertThat(heard).hasSize(1);
    assertThat(second).hasSize(1);
  }

  @Test
  void logPing_peerJustContacted_isInThePingPeersetUntilThePingTtl() {
    monitor.logPing(A);
    assertThat(monitor.peersWith("ping")).containsExactly(A);

    clock.advance(TTL.plusMillis(1));

    assertThat(monitor.peersWith("ping")).isEmpty();
  }

  @Test
  void gossip_metricOfItsPublisher_isKept() throws Exception {
    LoopbackPubSub pubsub = started();

    ValidationResult verdict = pubsub.deliver(A, PeerMonitor.TOPIC, json(metric("ping", A, "")));

    assertThat(verdict).isEqualTo(ValidationResult.ACCEPT);
    assertThat(monitor.peersWith("ping")).containsExactly(A);
    assertThat(monitor.latest("ping").getFirst().receivedInstant()).isEqualTo(T0);
  }

  @Test
  void gossip_metricAboutAnotherPeer_isRejectedAndNotKept() throws Exception {
    LoopbackPubSub pubsub = started();

    ValidationResult verdict = pubsub.deliver(A, PeerMonitor.TOPIC, json(metric("ping", B, "")));

    assertThat(verdict).isEqualTo(ValidationResult.REJECT);
    assertThat(monitor.metricNames()).isEmpty();
  }

  @Test
  void gossip_malformedOversizedOrNamelessPayloads_areRejectedWithoutHarm() throws Exception {
    LoopbackPubSub pubsub = started();
    byte[] garbage = "{\"name\":".getBytes(StandardCharsets.UTF_8);
    byte[] notAnObject = "[1,2]".getBytes(StandardCharsets.UTF_8);
    byte[] huge = json(metric("ping", A, "x".repeat(PeerMonitor.MAX_PAYLOAD_BYTES)));
    byte[] nameless = json(metric("", A, ""));

    for (byte[] payload : List.of(garbage, notAnObject, huge, nameless, new byte[0])) {
      assertThat(pubsub.deliver(A, PeerMonitor.TOPIC, payload)).isEqualTo(ValidationResult.REJECT);
    }
    assertThat(monitor.metricNames()).isEmpty();

    pubsub.deliver(A, PeerMonitor.TOPIC, json(metric("ping", A, "")));
    assertThat(monitor.peersWith("ping")).containsExactly(A);
  }

  @Test
  void publish_sendsTheMetricAsJson_andKeepsItOnce() throws Exception {
    LoopbackPubSub pubsub = started();
    Metric ping = metric("ping", SELF, "{\"peer_name\":\"p\"}");

    monitor.publish(ping);

    assertThat(pubsub.published()).hasSize(1);
    Metric sent = ClusterJson.mapper().readValue(pubsub.published().getFirst(), Metric.class);
    assertThat(sent).isEqualTo(ping);
    assertThat(monitor.window("ping", SELF)).hasSize(1);
    assertThat(monitor.latest("ping")).extracting(Metric::value).containsExactly(ping.value());
  }

  @Test
  void gossip_metricOfANewPeer_makesThisPeerSendItsOwnMetricsAgain() throws Exception {
    LoopbackPubSub pubsub = started();
    monitor.publish(metric("ping", SELF, ""));
    monitor.publish(metric("freespace", SELF, "10"));
    assertThat(pubsub.published()).hasSize(2);

    pubsub.deliver(A, PeerMonitor.TOPIC, json(metric("ping", A, "")));

    await().atMost(Duration.ofSeconds(10)).until(() -> pubsub.published().size() == 4);
    // A peer already alive does not prompt it again.
    pubsub.deliver(A, PeerMonitor.TOPIC, json(metric("freespace", A, "3")));
    monitor.republishAfter(Duration.ZERO); // a marker: runs after any prompted re-send
    await().atMost(Duration.ofSeconds(10)).until(() -> pubsub.published().size() >= 6);
    assertThat(pubsub.published()).hasSize(6);
  }

  @Test
  void close_leavesTheTopic() {
    LoopbackPubSub pubsub = started();
    assertThat(pubsub.subscribed(PeerMonitor.TOPIC)).isTrue();

    monitor.close();

    assertThat(pubsub.subscribed(PeerMonitor.TOPIC)).isFalse();
  }
}
