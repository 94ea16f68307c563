package io.ipfscluster.net.gossip;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossip publish/subscribe over a {@link GossipTransport}: signed messages, de-duplicated by
 * (publisher, seqno), spread along a bounded mesh per topic and repaired lazily with IHAVE/IWANT
 * gossip, so that what each peer sends per message does not grow with the size of the cluster.
 *
 * <p>Thread-safe. Network callbacks, the heartbeat and callers may run concurrently; the router's
 * state is guarded by one lock, held neither while verifying signatures, nor while validators and
 * handlers run, nor while frames are handed to the transport.
 *
 * <p>Time and threads are injected: the heartbeat runs on the given scheduler and every TTL is
 * measured on the given clock, so tests drive both.
 */
public final class GossipRouter implements PubSub, AutoCloseable {
  /*
   * How it works (the design of libp2p's gossipsub v1.0, re-implemented; no peer scoring).
   *
   * - Each peer tells its neighbours which topics it subscribes to. For each subscribed topic a
   *   peer keeps a mesh: about D neighbours also subscribed. A message is sent to the mesh, and
   *   each receiver forwards it, the first time it sees it, to its own mesh (not back to where it
   *   came from). Cost per peer per message: about D frames, whatever the cluster size.
   * - Meshes are kept between d_low and d_high by GRAFT (join my mesh) and PRUNE (leave it) at
   *   each heartbeat; a graft beyond d_high is refused with a PRUNE, and a pruned pair waits
   *   prune_backoff before grafting again, so meshes do not flap.
   * - Lazy repair: each heartbeat, a peer sends the IDs of the messages of its previous
   *   heartbeats (IHAVE) to d_lazy random non-mesh neighbours per topic; a neighbour missing one
   *   asks for it (IWANT) and gets it from the message cache. A message lost on mesh links still
   *   arrives, one to two heartbeats later. A peer sends one message at most 2 * D times.
   * - Publishing without subscribing uses a fanout set of D peers, kept fanout_ttl after the last
   *   publish.
   * - A message is accepted only with a valid signature by its publisher's key (embedded in the
   *   peer ID), then by the topic's validator. Only messages with a valid signature are remembered
   *   as seen, so a forged copy cannot shadow the genuine one.
   */
  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  private final Identity identity;
  private final PeerId self;
  private final GossipTransport transport;
  private final GossipParams params;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();
  private final Counters counters = new Counters();
  private final Object lock = new Object();
  private final MeshState state; // guarded by lock
  private long nextSeqno; // guarded by lock
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private ScheduledFuture<?> heartbeat; // guarded by lock

  private GossipRouter(Builder b) {
    this.identity = b.identity;
    this.self = identity.peerId();
    this.transport = b.transport;
    this.params = b.params;
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    this.state = new MeshState(self, params, clock, b.random);
    // Starts from the clock so that a restarted peer does not reuse sequence numbers that other
    // peers still remember as seen.
    var now = clock.instant();
    this.nextSeqno = Math.max(0, now.getEpochSecond() * 1_000_000_000L + now.getNano());
  }

  /** A builder for the router of {@code identity} over {@code transport}. */
  public static Builder builder(Identity identity, GossipTransport transport) {
    return new Builder(identity, transport);
  }

  /** Registers with the transport and starts the heartbeat. */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("the gossip router of " + self + " is already started");
      }
      started = true;
      long interval = params.heartbeatInterval().toNanos();
      heartbeat =
          scheduler.scheduleWithFixedDelay(
              this::heartbeat, interval, interval, TimeUnit.NANOSECONDS);
    }
    transport.start(new Listener());
  }

  /** This peer's ID. */
  public PeerId peerId() {
    return self;
  }

  @Override
  public Subscription subscribe(String topic, MessageHandler handler) {
    checkTopic(topic);
    Objects.requireNonNull(handler, "handler");
    Outbox out = new Outbox();
    synchronized (lock) {
      checkOpen();
      state.subscribe(topic, handler, out);
    }
    flush(out);
    log.debug("{} subscribed to {}", self.shortString(), topic);
    return new TopicSubscription(topic, handler);
  }

  private final class TopicSubscription implements Subscription {
    private final String topic;
    private final MessageHandler handler;

    TopicSubscription(String topic, MessageHandler handler) {
      this.topic = topic;
      this.handler = handler;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public void close() {
      Outbox out = new Outbox();
      synchronized (lock) {
        state.unsubscribe(topic, handler, out);
      }
      flush(out);
    }
  }

  @Override
  public MessageId publish(String topic, byte[] data) {
    checkTopic(topic);
    Objects.requireNonNull(data, "data");
    long seqno;
    synchronized (lock) {
      checkOpen();
      seqno = nextSeqno++;
    }
    GossipMessage m = GossipMessage.sign(identity, seqno, topic, data);
    int size = FrameCodec.encodedSize(m);
    if (size > params.maxFrameBytes()) {
      throw new IllegalArgumentException(
          "a gossip message of "
              + data.length
              + " bytes on topic "
              + topic
              + " exceeds the frame limit of "
              + params.maxFrameBytes()
              + " bytes");
    }
    ValidationResult verdict = validate(self, m);
    if (verdict == ValidationResult.REJECT) {
      throw new IllegalArgumentException(
          "the validator of topic " + topic + " rejected this peer's own message " + m.id());
    }
    if (verdict == ValidationResult.IGNORE) {
      log.debug("{} did not publish {}: its validator ignored it", self.shortString(), m.id());
      return m.id();
    }
    Outbox out = new Outbox();
    MessageHandler handler;
    synchronized (lock) {
      handler = state.publish(m, out);
    }
    flush(out);
    if (handler != null) {
      deliver(handler, m);
    }
    return m.id();
  }

  @Override
  public void setValidator(String topic, TopicValidator validator) {
    checkTopic(topic);
    validators.put(topic, Objects.requireNonNull(validator, "validator"));
  }

  /** The peers in this peer's mesh of {@code topic}; empty if not subscribed. */
  public Set<PeerId> meshPeers(String topic) {
    synchronized (lock) {
      return state.meshPeers(topic);
    }
  }

  /** The connected peers known to subscribe to {@code topic}. */
  public Set<PeerId> topicPeers(String topic) {
    synchronized (lock) {
      return state.topicPeers(topic);
    }
  }

  /** The counters since start. */
  public GossipStats stats() {
    return counters.snapshot();
  }

  /** Leaves every topic (pruning the meshes) and stops the heartbeat. Idempotent. */
  @Override
  public void close() {
    Outbox out = new Outbox();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      state.leaveAll(out);
    }
    flush(out);
  }

  private void heartbeat() {
    Outbox out = new Outbox();
    try {
      synchronized (lock) {
        if (closed) {
          return;
        }
        state.heartbeat(out);
      }
      flush(out);
    } catch (RuntimeException e) {
      // A failed heartbeat must not cancel the periodic task.
      log.error("{} gossip heartbeat failed", self.shortString(), e);
    }
  }

  private void receive(PeerId from, byte[] bytes) {
    if (bytes.length > params.maxFrameBytes()) {
      counters.framesDropped.incrementAndGet();
      log.warn(
          "{} dropped an oversized gossip frame from {}: {} bytes, limit {}",
          self.shortString(),
          from.shortString(),
          bytes.length,
          params.maxFrameBytes());
      return;
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(bytes);
    } catch (MalformedFrameException e) {
      counters.framesDropped.incrementAndGet();
      log.warn(
          "{} dropped a malformed gossip frame from {} ({} bytes): {}",
          self.shortString(),
          from.shortString(),
          bytes.length,
          e.getMessage());
      return;
    }
    Outbox out = new Outbox();
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      if (closed || !state.isConnected(from)) {
        log.debug("{} ignored a frame from unconnected {}", self.shortString(), from.shortString());
        return;
      }
      state.handleControl(from, frame, out);
    }
    for (GossipMessage m : frame.messages()) {
      receiveMessage(from, m, out, deliveries);
    }
    flush(out);
    deliveries.forEach(Runnable::run);
  }

  private void receiveMessage(PeerId from, GossipMessage m, Outbox out, List<Runnable> deliveries) {
    synchronized (lock) {
      if (state.isSeen(m.id())) {
        counters.duplicates.incrementAndGet();
        return;
      }
    }
    if (!m.hasValidSignature()) {
      counters.messagesRejected.incrementAndGet();
      log.warn(
          "{} rejected gossip message {} from {}: its signature is not {}'s",
          self.shortString(),
          m.id(),
          from.shortString(),
          m.from().shortString());
      return;
    }
    ValidationResult verdict = validate(from, m);
    if (verdict != ValidationResult.ACCEPT) {
      // The signature is genuine, so the ID truly names this content: remembering it spares
      // validating the copies and IHAVEs that follow. (A forged copy is never remembered.)
      synchronized (lock) {
        state.markSeen(m.id());
      }
    }
    if (verdict == ValidationResult.REJECT) {
      counters.messagesRejected.incrementAndGet();
      log.debug(
          "{} rejected gossip message {} on {} from {}: the topic validator refused it",
          self.shortString(),
          m.id(),
          m.topic(),
          from.shortString());
      return;
    }
    if (verdict == ValidationResult.IGNORE) {
      counters.messagesIgnored.incrementAndGet();
      return;
    }
    synchronized (lock) {
      MeshState.Accepted accepted = state.accept(from, m, out);
      if (accepted == MeshState.Accepted.DUPLICATE) {
        counters.duplicates.incrementAndGet();
        return;
      }
      MessageHandler handler = state.handler(m.topic());
      if (handler != null) {
        deliveries.add(() -> deliver(handler, m));
      }
    }
  }

  private ValidationResult validate(PeerId source, GossipMessage m) {
    TopicValidator v = validators.get(m.topic());
    if (v == null) {
      return ValidationResult.ACCEPT;
    }
    try {
      return Objects.requireNonNull(v.validate(source, m), "validation result");
    } catch (RuntimeException e) {
      log.warn(
          "{} ignored gossip message {}: the validator of {} failed",
          self.shortString(),
          m.id(),
          m.topic(),
          e);
      return ValidationResult.IGNORE;
    }
  }

  private void deliver(MessageHandler handler, GossipMessage m) {
    counters.messagesDelivered.incrementAndGet();
    try {
      handler.onMessage(m);
    } catch (RuntimeException e) {
      log.warn("{} the handler of {} failed on {}", self.shortString(), m.topic(), m.id(), e);
    }
  }

  /** Sends each neighbour its frame, split where the messages would exceed the frame limit. */
  private void flush(Outbox out) {
    for (Map.Entry<PeerId, Outbox.Parts> e : out.byPeer().entrySet()) {
      PeerId peer = e.getKey();
      Outbox.Parts parts = e.getValue();
      Frame control = parts.control();
      int limit = params.maxFrameBytes();
      int size = control.isEmpty() ? 0 : FrameCodec.encode(control).length;
      List<GossipMessage> batch = new ArrayList<>();
      for (GossipMessage m : parts.messages) {
        int n = FrameCodec.encodedSize(m);
        if (!batch.isEmpty() && size + n > limit) {
          send(peer, withMessages(control, batch));
          control = null;
          batch = new ArrayList<>();
          size = 0;
        }
        batch.add(m);
        size += n;
      }
      if (!batch.isEmpty() || (control != null && !control.isEmpty())) {
        send(peer, withMessages(control, batch));
      }
    }
  }

  private static Frame withMessages(Frame control, List<GossipMessage> messages) {
    return control == null
        ? new Frame(List.of(), messages, List.of(), List.of(), List.of(), List.of())
        : new Frame(
            control.subscriptions(),
            messages,
            control.ihave(),
            control.iwant(),
            control.graft(),
            control.prune());
  }

  private void send(PeerId peer, Frame frame) {
    byte[] bytes = FrameCodec.encode(frame);
    if (bytes.length > params.maxFrameBytes()) {
      counters.framesDropped.incrementAndGet();
      log.warn(
          "{} did not send a gossip frame of {} bytes to {}: over the limit",
          self.shortString(),
          bytes.length,
          peer.shortString());
      return;
    }
    if (transport.send(peer, bytes)) {
      counters.framesSent.incrementAndGet();
      counters.messagesSent.addAndGet(frame.messages().size());
    } else {
      counters.framesDropped.incrementAndGet();
      log.debug("{} gossip frame to {} dropped by the transport", self.shortString(), peer);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the gossip router of " + self + " is closed");
    }
  }

  private static void checkTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("a topic must not be empty, got " + topic);
    }
  }

  /** The router's side of the transport. */
  private final class Listener implements GossipTransport.Listener {
    @Override
    public void peerConnected(PeerId peer) {
      if (peer.equals(self)) {
        return;
      }
      Outbox out = new Outbox();
      synchronized (lock) {
        if (closed) {
          return;
        }
        state.addPeer(peer, out);
      }
      flush(out);
    }

    @Override
    public void peerDisconnected(PeerId peer) {
      synchronized (lock) {
        state.removePeer(peer);
      }
    }

    @Override
    public void frameReceived(PeerId from, byte[] frame) {
      receive(from, frame);
    }
  }

  private static final class Counters {
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong messagesSent = new AtomicLong();
    final AtomicLong framesDropped = new AtomicLong();
    final AtomicLong messagesDelivered = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong messagesRejected = new AtomicLong();
    final AtomicLong messagesIgnored = new AtomicLong();

    GossipStats snapshot() {
      return new GossipStats(
          framesSent.get(),
          messagesSent.get(),
          framesDropped.get(),
          messagesDelivered.get(),
          duplicates.get(),
          messagesRejected.get(),
          messagesIgnored.get());
    }
  }

  /** Builds a {@link GossipRouter}. Not thread-safe. */
  public static final class Builder {
    private final Identity identity;
    private final GossipTransport transport;
    private GossipParams params = GossipParams.defaults();
    private InstantSource clock = InstantSource.system();
    private ScheduledExecutorService scheduler;
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder(Identity identity, GossipTransport transport) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The tuning; {@link GossipParams#defaults()} if not set. */
    public Builder params(GossipParams params) {
      this.params = Objects.requireNonNull(params, "params");
      return this;
    }

    /** The clock of the TTLs and backoffs; the system clock if not set. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs the heartbeat; required. The router does not shut it down. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Picks mesh, fanout and gossip peers; seed it for reproducible tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public GossipRouter build() {
      if (scheduler == null) {
        throw new IllegalStateException("a gossip router needs a scheduler for its heartbeat");
      }
      return new GossipRouter(this);
    }
  }
}
