package io.ipfscluster.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.cluster.PeerMetrics;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipMessage;
import io.ipfscluster.net.gossip.PubSub;
import io.ipfscluster.net.gossip.Subscription;
import io.ipfscluster.net.gossip.ValidationResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer monitor (the original's {@code pubsubmon}, spec §8.3): publishes this peer's metrics on
 * the gossip topic {@value #TOPIC}, keeps the metrics of every peer in windows of the latest
 * {@value #WINDOW_CAPACITY} per peer and name, and every {@code check_interval} raises one {@link
 * Alert} for each peer and name whose latest metric has expired, then again only after {@value
 * #REALERT_AFTER_CHECKS} checks or once a valid metric has come in between.
 *
 * <p>A metric travels as the v1 JSON of {@link Metric}. What arrives is checked before it is
 * delivered or forwarded: at most {@value #MAX_PAYLOAD_BYTES} bytes, well-formed, named, and about
 * the peer that signed the message; anything else is dropped with a log line and never forwarded.
 * Metric {@code expire} times are the sender's (spec §10.6); {@code received_at} is set here.
 *
 * <p>Bounded: windows hold {@value #WINDOW_CAPACITY} metrics, at most {@value #MAX_NAMES} names and
 * {@value #MAX_PEERS_PER_NAME} peers per name are kept, a window whose latest metric expired more
 * than {@link #FORGET_AFTER} ago is dropped, and the alerts kept for {@code GET /health/alerts} are
 * the latest {@value #MAX_ALERTS} younger than {@link Settings#alertRetention()}.
 *
 * <p>Thread-safe. {@link AlertListener}s hear alerts on the checking thread, recoveries on the
 * receiving one.
 */
public final class PeerMonitor implements PeerMetrics, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerMonitor.class);
  private static final ObjectMapper JSON = ClusterJson.mapper();

  /** The gossip topic of metrics (spec §1.5). */
  public static final String TOPIC = "monitor.metrics";

  /** The name of the metric every peer publishes every {@code monitor_ping_interval}. */
  public static final String PING = "ping";

  static final int WINDOW_CAPACITY = 25;
  static final int MAX_PAYLOAD_BYTES = 16 * 1024;
  static final int MAX_NAME_LENGTH = 256;
  static final int MAX_NAMES = 256;
  static final int MAX_PEERS_PER_NAME = 4096;
  static final int MAX_ALERTS = 1000;
  static final int REALERT_AFTER_CHECKS = 300;
  static final Duration FORGET_AFTER = Duration.ofHours(24);

  /** The shortest time between two unprompted re-publications of this peer's metrics. */
  static final Duration REPUBLISH_GAP = Duration.ofSeconds(1);

  /**
   * How the monitor runs.
   *
   * @param checkInterval {@code monitor.pubsubmon.check_interval}
   * @param pingTtl how long a ping lasts: twice {@code cluster.monitor_ping_interval}
   * @param alertRetention how long an alert stays in {@link #alerts()}
   */
  public record Settings(Duration checkInterval, Duration pingTtl, Duration alertRetention) {
    /** How long alerts are shown when not told otherwise. */
    public static final Duration DEFAULT_ALERT_RETENTION = Duration.ofHours(1);

    public Settings {
      requirePositive("checkInterval", checkInterval);
      requirePositive("pingTtl", pingTtl);
      requirePositive("alertRetention", alertRetention);
    }

    /** Checks every {@code checkInterval}; pings last twice {@code pingInterval}. */
    public static Settings of(Duration checkInterval, Duration pingInterval) {
      return new Settings(checkInterval, pingInterval.multipliedBy(2), DEFAULT_ALERT_RETENTION);
    }

    private static void requirePositive(String field, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, got " + d);
      }
    }
  }

  /** One peer's metric of one name, for counting failed checks. */
  private record Key(PeerId peer, String name) {}

  private final PeerId self;
  private final Settings settings;
  private final InstantSource clock;
  private final String logId;
  private final Object lock = new Object();
  private final MetricStore store; // guarded by lock
  private final Map<Key, Integer> failedChecks = new HashMap<>(); // guarded by lock
  private final ArrayDeque<Alert> alerts = new ArrayDeque<>(); // guarded by lock, newest first
  private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<PeerId> ignored = ConcurrentHashMap.newKeySet();
  private volatile PubSub pubsub;
  private volatile Subscription subscription;
  private volatile ScheduledExecutorService loops;
  private volatile ScheduledFuture<?> checking;
  private volatile Instant lastRepublish = Instant.EPOCH;
  private volatile boolean closed;

  public PeerMonitor(PeerId self, Settings settings, InstantSource clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.logId = self.shortString();
    this.store = new MetricStore(WINDOW_CAPACITY, MAX_NAMES, MAX_PEERS_PER_NAME);
  }

  /**
   * Subscribes to {@value #TOPIC} on {@code pubsub} (with the validator that drops bad metrics) and
   * checks for expired metrics every {@code check_interval} on {@code loops}.
   *
   * @throws IllegalStateException if already started
   */
  public void start(PubSub pubsub, ScheduledExecutorService loops) {
    if (this.pubsub != null) {
      throw new IllegalStateException("the peer monitor of " + self + " is already started");
    }
    pubsub.setValidator(TOPIC, (source, message) -> validate(message));
    this.subscription = pubsub.subscribe(TOPIC, this::received);
    this.pubsub = pubsub;
    this.loops = loops;
    long every = Math.max(1, settings.checkInterval().toMillis());
    this.checking =
        loops.scheduleWithFixedDelay(this::checkLogged, every, every, TimeUnit.MILLISECONDS);
  }

  /** Calls {@code listener} with every alert raised from now on. */
  public void addAlertListener(AlertListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeAlertListener(AlertListener listener) {
    listeners.remove(listener);
  }

  /**
   * Keeps {@code metric}, one of this peer's own, and sends it to the other peers. A failure to
   * send is logged: the next measurement sends again.
   */
  public void publish(Metric metric) {
    logMetric(metric);
    send(metric);
  }

  /** Sends this peer's latest metrics that have not expired again, as they are. */
  public void republish() {
    Instant now = clock.instant();
    List<Metric> own = new ArrayList<>();
    synchronized (lock) {
      for (String name : store.names()) {
        store.latest(name, self).filter(m -> !m.expiredAt(now)).ifPresent(own::add);
      }
    }
    own.forEach(this::send);
  }

  /** {@link #republish()} after {@code delay}, once started (a peer just linked, for example). */
  public void republishAfter(Duration delay) {
    ScheduledExecutorService l = loops;
    if (l != null && !closed) {
      l.schedule(this::republishLogged, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }
  }

  private void send(Metric metric) {
    PubSub ps = pubsub;
    if (ps == null || closed) {
      return;
    }
    try {
      ps.publish(TOPIC, JSON.writeValueAsBytes(metric));
    } catch (IOException | RuntimeException e) {
      log.warn("{} cannot publish the {} metric: {}", logId, metric.name(), e.toString());
    }
  }

  /**
   * Keeps {@code metric} (its {@code peer} set), received now. A valid, unexpired metric ends the
   * alerting of its peer and name, and if an alert was raised for them the listeners hear that they
   * recovered. A metric beyond the store's bounds is dropped with a log line.
   */
  public void logMetric(Metric metric) {
    Objects.requireNonNull(metric.peer(), "metric.peer");
    if (ignored.contains(metric.peer())) {
      return;
    }
    Instant now = clock.instant();
    Metric m = metric.withReceivedAt(now);
    boolean kept;
    boolean recovered = false;
    synchronized (lock) {
      kept = store.add(m);
      if (kept && !m.discardAt(now)) {
        recovered = failedChecks.remove(new Key(m.peer(), m.name())) != null;
      }
    }
    if (recovered) {
      log.info("{} the {} metric of peer {} is valid again", logId, m.name(), m.peer());
      for (AlertListener l : listeners) {
        try {
          l.onRecovered(m);
        } catch (RuntimeException e) {
          log.error("{} an alert listener failed: {}", logId, e.toString());
        }
      }
    }
    if (!kept) {
      log.warn(
          "{} dropped the {} metric of {}: more than {} metric names or {} peers per name",
          logId,
          m.name(),
          m.peer(),
          MAX_NAMES,
          MAX_PEERS_PER_NAME);
    }
  }

  /**
   * Forgets the metrics of {@code peer} and ignores those it sends from now on: it was removed from
   * the cluster. It raises no alert either.
   */
  public void ignore(PeerId peer) {
    ignored.add(peer);
    synchronized (lock) {
      store.forget(peer);
      failedChecks.keySet().removeIf(k -> k.peer().equals(peer));
    }
  }

  /**
   * Keeps a valid {@code ping} of {@code peer} lasting a ping TTL, without sending it: a peer just
   * contacted counts as alive until its own pings arrive (as the original does on join).
   */
  public void logPing(PeerId peer) {
    Instant now = clock.instant();
    logMetric(new Metric(PING, peer, "", nanos(now.plus(settings.pingTtl())), true, 0, false, 0));
  }

  @Override
  public List<String> metricNames() {
    synchronized (lock) {
      return store.names();
    }
  }

  /** The latest valid metric named {@code name} of every peer, sorted by peer ID. */
  @Override
  public List<Metric> latest(String name) {
    Instant now = clock.instant();
    synchronized (lock) {
      return store.latestValid(name, now);
    }
  }

  /** The peers whose latest {@code name} metric is valid: the CRDT peerset of {@code ping}. */
  public List<PeerId> peersWith(String name) {
    return latest(name).stream().map(Metric::peer).toList();
  }

  /** The latest metric named {@code name} of {@code peer}, even if invalid or expired. */
  public Optional<Metric> latestForPeer(String name, PeerId peer) {
    synchronized (lock) {
      return store.latest(name, peer);
    }
  }

  /** The metrics named {@code name} of {@code peer} kept in its window, newest first. */
  List<Metric> window(String name, PeerId peer) {
    synchronized (lock) {
      return store.window(name, peer);
    }
  }

  /** The alerts raised within the retention, newest first. */
  @Override
  public List<Alert> alerts() {
    Instant now = clock.instant();
    synchronized (lock) {
      pruneAlerts(now);
      return List.copyOf(alerts);
    }
  }

  /**
   * One round of checking: an alert for each peer and name whose latest metric has expired, unless
   * one was raised for it since its last valid metric (and fewer than {@value
   * #REALERT_AFTER_CHECKS} checks ago). Then forgets long-expired windows.
   */
  void check() {
    Instant now = clock.instant();
    List<Alert> raised = new ArrayList<>();
    synchronized (lock) {
      store.forEachLatest(
          (name, m) -> {
            if (!m.expiredAt(now)) {
              return;
            }
            Key key = new Key(m.peer(), name);
            int checks = failedChecks.merge(key, 1, Integer::sum);
            if (checks == 1 || checks > REALERT_AFTER_CHECKS) {
              failedChecks.put(key, 1);
              raised.add(new Alert(m, now));
            }
          });
      if (store.forgetExpiredBefore(now.minus(FORGET_AFTER)) > 0) {
        failedChecks.keySet().removeIf(k -> store.latest(k.name(), k.peer()).isEmpty());
      }
      raised.forEach(alerts::addFirst);
      while (alerts.size() > MAX_ALERTS) {
        alerts.removeLast();
      }
      pruneAlerts(now);
    }
    logAlerts(raised);
    for (Alert a : raised) {
      for (AlertListener l : listeners) {
        try {
          l.onAlert(a);
        } catch (RuntimeException e) {
          log.error("{} an alert listener failed: {}", logId, e.toString());
        }
      }
    }
  }

  /** One line per peer: a stopped peer's metrics all expire together. */
  private void logAlerts(List<Alert> raised) {
    Map<PeerId, List<String>> byPeer = new TreeMap<>();
    for (Alert a : raised) {
      byPeer.computeIfAbsent(a.metric().peer(), p -> new ArrayList<>()).add(a.metric().name());
    }
    byPeer.forEach(
        (peer, names) ->
            log.warn(
                "{} metric alert: peer {} sent no fresh {} metric{}",
                logId,
                peer,
                String.join(", ", names),
                names.size() == 1 ? "" : "s"));
  }

  private void pruneAlerts(Instant now) {
    Instant oldest = now.minus(settings.alertRetention());
    while (!alerts.isEmpty() && alerts.getLast().triggeredAt().isBefore(oldest)) {
      alerts.removeLast();
    }
  }

  private void checkLogged() {
    if (closed) {
      return;
    }
    try {
      check();
    } catch (RuntimeException e) {
      log.error("{} the metric check failed", logId, e);
    }
  }

  private void republishLogged() {
    try {
      republish();
    } catch (RuntimeException e) {
      log.warn("{} cannot republish its metrics: {}", logId, e.toString());
    }
  }

  private ValidationResult validate(GossipMessage message) {
    return decode(message, true).isPresent() ? ValidationResult.ACCEPT : ValidationResult.REJECT;
  }

  /**
   * Another peer's metric, validated before delivery. A metric of a peer with nothing alive on
   * record (new, or back) prompts this peer to send its own metrics again, so that the newcomer
   * need not wait for the next round of measurements.
   */
  private void received(GossipMessage message) {
    if (message.from().equals(self) || closed) {
      return; // this peer's own metrics were kept when published
    }
    Optional<Metric> metric = decode(message, false);
    if (metric.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    boolean newcomer;
    synchronized (lock) {
      newcomer = !store.isLive(message.from(), now);
    }
    logMetric(metric.get());
    if (newcomer && !now.isBefore(lastRepublish.plus(REPUBLISH_GAP))) {
      lastRepublish = now;
      republishAfter(Duration.ZERO);
    }
  }

  /** The metric of {@code message}, or empty (logged when {@code logDrops}) when it is unfit. */
  private Optional<Metric> decode(GossipMessage message, boolean logDrops) {
    byte[] data = message.data();
    String problem;
    Metric m = null;
    if (data.length > MAX_PAYLOAD_BYTES) {
      problem = data.length + " bytes, over the limit of " + MAX_PAYLOAD_BYTES;
    } else {
      try {
        m = JSON.readValue(data, Metric.class);
        problem = problemOf(m, message.from());
      } catch (JsonProcessingException e) {
        problem = "malformed: " + e.getOriginalMessage();
      } catch (IOException | RuntimeException e) {
        problem = "malformed: " + e.getMessage();
      }
    }
    if (problem == null) {
      return Optional.of(m);
    }
    if (logDrops) {
      log.warn("{} dropped a metric from {}: {}", logId, message.from(), problem);
    }
    return Optional.empty();
  }

  private static String problemOf(Metric m, PeerId publisher) {
    if (m == null) {
      return "malformed: null";
    }
    if (m.name().isEmpty() || m.name().length() > MAX_NAME_LENGTH) {
      return "a name must have 1 to " + MAX_NAME_LENGTH + " characters";
    }
    if (!publisher.equals(m.peer())) {
      return "the " + m.name() + " metric is about peer " + m.peer() + ", not its publisher";
    }
    return null;
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Leaves the topic and stops checking. Idempotent. */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> c = checking;
    if (c != null) {
      c.cancel(false);
    }
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
  }
}
