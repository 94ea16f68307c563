package io.ipfscluster.net.rpc;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipTransport;
import io.ipfscluster.net.rpc.wire.GossipFrame;
import io.ipfscluster.net.rpc.wire.PubSubGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip router's {@link GossipTransport} over the peer RPC: one bidirectional {@code
 * PubSub.Connect} stream per pair of peers, over the mutual TLS of the peer network, so only
 * members of the cluster take part and every frame comes from an authenticated peer.
 *
 * <p>Register {@link #service()} with the {@link PeerRpcServer} and start the router (which starts
 * this transport) before calling {@link #connect}; streams offered before that are refused. The
 * peer's membership decides who to gossip with: {@link #connect} dials a peer through the {@link
 * PeerChannels}, {@link #disconnect} drops it. A peer that dials this one is announced as connected
 * under the peer ID its TLS certificate proves ({@link PeerRpcServer#caller()}); nothing a peer
 * claims is believed. A stream that ends or fails is announced as disconnected and is not dialled
 * again by itself: the membership calls {@link #connect} again.
 *
 * <p>{@link #send} never blocks: a frame goes out as fast as the stream's flow control allows, and
 * otherwise waits in a per-peer queue of at most {@code maxQueuedBytes}; when a slow peer lets the
 * queue fill, further frames to it are dropped and {@code send} returns false (the router repairs
 * losses with IHAVE/IWANT). Frames are at most {@link RpcLimits#maxInboundMessageBytes} less the
 * message envelope, the size every peer accepts; larger ones are refused by {@code send}, and a
 * peer that sends one anyway loses its stream (gRPC fails the call with {@code
 * RESOURCE_EXHAUSTED}).
 *
 * <p>Thread-safe. {@link #close} ends every stream and is idempotent.
 */
public final class RpcGossipTransport implements GossipTransport, AutoCloseable {
  /*
   * One stream per pair. Each peer keeps, per remote peer, a slot with at most one current
   * stream: a dial of its own, pending until the other side's first (empty) frame says it was
   * accepted, or an accepted one, active at once. When both peers dial at once, each receives the
   * other's stream while its own dial is pending; both then keep the stream dialled by the
   * smaller peer ID: the smaller refuses the inbound stream with ALREADY_EXISTS, the larger drops
   * its own dial for the inbound one. A dialler refused that way waits for the other's stream
   * (bounded by the handshake timeout) instead of failing its connect.
   *
   * The rule holds when this peer's own dial is already active, too: the inbound stream may be a
   * crossing dial that its peer has dropped meanwhile (it arrives before the cancellation does),
   * and taking it would tear down the stream both sides agreed on. Otherwise, an inbound stream
   * from a peer whose stream is active here means that the peer has lost it (it dials only when it
   * has no stream to us; a connection that died on its side may linger here until TCP or
   * keep-alive notices): the new stream replaces the old one, announced as a disconnection and a
   * connection, so that both routers start the pair afresh (subscriptions, meshes). The price of
   * the rule: a peer with the larger ID that restarts while the smaller one still holds the dead
   * stream is refused until the smaller one notices (at once when the old process closed its
   * sockets; after the channel's keep-alive, about 30 s, when its machine vanished).
   *
   * A dial is made in the root gRPC Context, never the caller's: connect() is often called while
   * serving another call (the address exchange of a joining peer), whose Context is cancelled
   * when that call returns. A stream started in it died a moment after it was accepted; when the
   * smaller peer's dial died that way after the larger peer had dropped its own for it, neither
   * side had a stream, and the larger peer's next dial was refused again in favour of the
   * smaller's next doomed one: a pair that never gossiped.
   *
   * Announcements to the listener, and the frames it receives, are made under the slot's lock:
   * serial per peer, connected before any frame, none after disconnected. Sending takes no slot
   * lock, only the stream's, so a router that sends while handling a frame cannot deadlock.
   */
  private static final Logger LOG = LoggerFactory.getLogger(RpcGossipTransport.class);

  /** The default bound of the frames waiting for one peer: 4 MiB. */
  public static final int DEFAULT_QUEUED_BYTES = 4 << 20;

  /** Room for the protobuf envelope of a frame: field tag and length. */
  private static final int ENVELOPE_BYTES = 16;

  private final PeerId self;
  private final String logId;
  private final PeerChannels channels;
  private final int maxFrameBytes;
  private final int maxQueuedBytes;
  private final Duration theirDialWait;
  private final Map<PeerId, Slot> slots = new ConcurrentHashMap<>();
  private volatile Listener listener;
  private volatile boolean closed;

  /** A transport of peer {@code self}, dialling through {@code channels}, with 4 MiB queues. */
  public RpcGossipTransport(PeerId self, PeerChannels channels, RpcLimits limits) {
    this(self, channels, limits, DEFAULT_QUEUED_BYTES);
  }

  /**
   * @param limits the peer RPC's limits, as the server and channels apply them
   * @param maxQueuedBytes frames waiting for one peer beyond what its stream takes, in bytes
   */
  public RpcGossipTransport(
      PeerId self, PeerChannels channels, RpcLimits limits, int maxQueuedBytes) {
    this.self = Objects.requireNonNull(self, "self");
    this.logId = self.shortString();
    this.channels = Objects.requireNonNull(channels, "channels");
    if (maxQueuedBytes < 1) {
      throw new IllegalArgumentException("maxQueuedBytes must be > 0, got " + maxQueuedBytes);
    }
    this.maxFrameBytes = limits.maxInboundMessageBytes() - ENVELOPE_BYTES;
    this.maxQueuedBytes = maxQueuedBytes;
    this.theirDialWait = limits.handshakeTimeout();
  }

  /** The {@code PubSub} service to register with this peer's {@link PeerRpcServer}. */
  public BindableService service() {
    return new Service();
  }

  @Override
  public void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (this) {
      if (this.listener != null) {
        throw new IllegalStateException("the gossip transport of " + self + " is already started");
      }
      this.listener = listener;
    }
    // Streams are refused until now, so there is nobody to announce.
  }

  /**
   * Opens the gossip stream to {@code peer}, unless one is open or being opened.
   *
   * @return completes when the peer is connected, by this dial or by the peer's own; fails with a
   *     {@link io.ipfscluster.components.ClusterException} when no address of the peer is known or
   *     the stream could not be opened ({@link RemoteCallException} with the gRPC code)
   * @throws IllegalStateException before {@link #start} or after {@link #close}
   * @throws IllegalArgumentException for this peer itself
   */
  public CompletableFuture<Void> connect(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    if (peer.equals(self)) {
      throw new IllegalArgumentException("a peer does not gossip with itself: " + peer);
    }
    if (listener == null || closed) {
      throw new IllegalStateException(
          "the gossip transport of " + self + (closed ? " is closed" : " is not started"));
    }
    return withSlot(
        peer,
        slot -> {
          if (slot.active != null) {
            return CompletableFuture.completedFuture(null);
          }
          if (slot.connected == null) {
            slot.connected = new CompletableFuture<>();
          }
          CompletableFuture<Void> result = slot.connected.copy();
          if (slot.current == null) {
            dial(slot);
          }
          return result;
        });
  }

  /** Ends the gossip stream with {@code peer}, if any; it is announced as disconnected. */
  public void disconnect(PeerId peer) {
    Slot slot = slots.get(peer);
    if (slot == null) {
      return;
    }
    synchronized (slot) {
      Status status = Status.CANCELLED.withDescription("disconnected by " + self);
      if (slot.current != null) {
        ended(slot, slot.current, status);
      } else if (slot.connected != null) { // waiting for the peer's own dial
        slot.connected.completeExceptionally(
            RpcErrors.fromStatus(peer, status.asRuntimeException()));
        slot.connected = null;
        removeIfEmpty(slot);
      }
    }
  }

  /** The peers with an open gossip stream. */
  public Set<PeerId> connectedPeers() {
    return slots.values().stream()
        .filter(s -> s.active != null)
        .map(s -> s.peer)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public boolean send(PeerId peer, byte[] frame) {
    if (frame.length > maxFrameBytes) {
      LOG.debug(
          "{} refused a gossip frame of {} bytes for {}: over {}",
          logId,
          frame.length,
          peer.shortString(),
          maxFrameBytes);
      return false;
    }
    Slot slot = slots.get(peer);
    GossipStream stream = slot == null ? null : slot.active;
    return stream != null && stream.offer(frame);
  }

  /** Bytes waiting to be sent to {@code peer}: what its flow control holds back. */
  long queuedBytes(PeerId peer) {
    Slot slot = slots.get(peer);
    GossipStream stream = slot == null ? null : slot.active;
    return stream == null ? 0 : stream.queuedBytes();
  }

  @Override
  public void close() {
    closed = true;
    for (PeerId p : List.copyOf(slots.keySet())) {
      disconnect(p);
    }
  }

  /** Runs {@code action} under the lock of {@code peer}'s slot, made if need be. */
  private <R> R withSlot(PeerId peer, Function<Slot, R> action) {
    while (true) {
      Slot slot = slots.computeIfAbsent(peer, Slot::new);
      synchronized (slot) {
        if (slot.removed) {
          continue; // emptied and dropped meanwhile: take the new one
        }
        try {
          return action.apply(slot);
        } finally {
          removeIfEmpty(slot);
        }
      }
    }
  }

  // Holds the slot's lock.
  private void removeIfEmpty(Slot slot) {
    if (slot.current == null && slot.connected == null) {
      slot.removed = true;
      slots.remove(slot.peer, slot);
    }
  }

  // Holds the slot's lock.
  private void dial(Slot slot) {
    Dialled stream = new Dialled(slot);
    PeerChannels.Hold hold;
    try {
      // The stream holds its channel, so that the connection manager counts it and, when it
      // closes the channel, tells this transport to end the stream (which would keep the
      // connection open otherwise).
      hold =
          channels.hold(
              slot.peer,
              () ->
                  ended(
                      slot,
                      stream,
                      Status.UNAVAILABLE.withDescription(
                          "the connection manager closed the connection to " + slot.peer)));
    } catch (RuntimeException e) {
      LOG.debug("{} cannot dial {} for gossip: {}", logId, slot.peer.shortString(), e.toString());
      slot.connected.completeExceptionally(e);
      slot.connected = null;
      return;
    }
    stream.hold = hold;
    ManagedChannel channel = hold.channel();
    slot.current = stream;
    // The stream outlives whatever made this call: a connect from inside a served call (an address
    // exchange) would otherwise inherit that call's Context and be cancelled, or cut at its
    // deadline, as soon as the served call ends. Call callbacks run on the channel's executor,
    // never inline: safe under the lock.
    Context.ROOT.run(() -> PubSubGrpc.newStub(channel).connect(stream));
    LOG.debug("{} dials {} for gossip", logId, slot.peer.shortString());
  }

  /** A stream from {@code slot}'s peer was offered to this peer's server. */
  private void inbound(Slot slot, Accepted stream) {
    synchronized (slot) {
      GossipStream current = slot.current;
      if (current != null) {
        boolean active = slot.active == current;
        if (current.dialled() && self.compareTo(slot.peer) < 0) {
          LOG.debug("{} keeps its own dial to {} for gossip", logId, slot.peer.shortString());
          stream.end(
              Status.ALREADY_EXISTS.withDescription(
                  self + " keeps its own gossip stream to " + slot.peer));
          return;
        }
        slot.current = null;
        slot.active = null;
        current.end(
            Status.CANCELLED.withDescription("replaced by a gossip stream from " + slot.peer));
        if (active) {
          tell(slot, "disconnected", () -> listener.peerDisconnected(slot.peer));
        }
      }
      slot.current = stream;
      stream.sendHello();
      activate(slot, stream);
    }
  }

  /** The dial {@code stream} was accepted by its peer. */
  private void accepted(Slot slot, Dialled stream) {
    synchronized (slot) {
      if (slot.current == stream && slot.active == null) {
        activate(slot, stream);
      }
    }
  }

  // Holds the slot's lock.
  private void activate(Slot slot, GossipStream stream) {
    slot.active = stream;
    if (slot.connected != null) {
      slot.connected.complete(null);
      slot.connected = null;
    }
    LOG.debug(
        "{} gossips with {} ({} stream)",
        logId,
        slot.peer.shortString(),
        stream.dialled() ? "dialled" : "accepted");
    tell(slot, "connected", () -> listener.peerConnected(slot.peer));
  }

  /** A frame arrived on {@code stream}. */
  private void received(Slot slot, GossipStream stream, GossipFrame frame) {
    if (frame.getFrame().isEmpty()) {
      return;
    }
    synchronized (slot) {
      if (slot.active == stream) {
        byte[] bytes = frame.getFrame().toByteArray();
        tell(slot, "a frame", () -> listener.frameReceived(slot.peer, bytes));
      }
    }
  }

  /** {@code stream} ended with {@code status}, on either side's initiative. */
  private void ended(Slot slot, GossipStream stream, Status status) {
    synchronized (slot) {
      stream.end(status);
      if (slot.current != stream) {
        return; // replaced or refused: nothing changed for the router
      }
      slot.current = null;
      if (slot.active == stream) {
        slot.active = null;
        LOG.debug(
            "{} no longer gossips with {}: {} {}",
            logId,
            slot.peer.shortString(),
            status.getCode(),
            Objects.requireNonNullElse(status.getDescription(), ""));
        tell(slot, "disconnected", () -> listener.peerDisconnected(slot.peer));
      } else if (slot.connected != null) {
        if (status.getCode() == Status.Code.ALREADY_EXISTS && !closed) {
          awaitTheirDial(slot, slot.connected, status);
        } else {
          slot.connected.completeExceptionally(
              RpcErrors.fromStatus(slot.peer, status.asRuntimeException()));
          slot.connected = null;
        }
      }
      removeIfEmpty(slot);
    }
  }

  /**
   * The peer refused this peer's dial for its own, which should arrive soon; if it does not, the
   * connect fails after the handshake timeout.
   */
  private void awaitTheirDial(Slot slot, CompletableFuture<Void> connected, Status refusal) {
    CompletableFuture.delayedExecutor(theirDialWait.toNanos(), TimeUnit.NANOSECONDS)
        .execute(
            () -> {
              synchronized (slot) {
                if (slot.connected == connected && slot.active == null && slot.current == null) {
                  connected.completeExceptionally(
                      RpcErrors.fromStatus(slot.peer, refusal.asRuntimeException()));
                  slot.connected = null;
                  removeIfEmpty(slot);
                }
              }
            });
  }

  // Holds the slot's lock.
  private void tell(Slot slot, String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("{} the gossip listener failed on {} of {}", logId, what, slot.peer, e);
    }
  }

  /** What this peer has with one other peer. Fields guarded by the slot's lock. */
  private static final class Slot {
    final PeerId peer;
    GossipStream current; // the one stream kept: a pending dial, or active
    volatile GossipStream active; // current once accepted; what send() writes to
    CompletableFuture<Void> connected; // the connects waiting for the stream to become active
    boolean removed; // dropped from the map: a new slot stands for the peer

    Slot(PeerId peer) {
      this.peer = peer;
    }
  }

  /** This peer's dial: a client call. */
  private final class Dialled extends GossipStream
      implements ClientResponseObserver<GossipFrame, GossipFrame> {
    private final Slot slot;
    private ClientCallStreamObserver<GossipFrame> requests;
    private boolean accepted; // touched only by the call's serialized callbacks
    private volatile PeerChannels.Hold hold; // set before the call starts

    Dialled(Slot slot) {
      super(maxQueuedBytes);
      this.slot = slot;
    }

    @Override
    boolean dialled() {
      return true;
    }

    @Override
    CallStreamObserver<GossipFrame> out() {
      return requests;
    }

    @Override
    void terminate(Status status) {
      requests.cancel(status.getDescription(), status.getCause());
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<GossipFrame> requests) {
      this.requests = requests;
      requests.setOnReadyHandler(this::drain);
    }

    @Override
    public void onNext(GossipFrame frame) {
      if (!accepted) {
        accepted = true;
        accepted(slot, this);
      }
      received(slot, this, frame);
    }

    @Override
    public void onError(Throwable t) {
      hold.release();
      ended(slot, this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      hold.release();
      ended(slot, this, Status.UNAVAILABLE.withDescription(slot.peer + " closed the stream"));
    }
  }

  /** A stream another peer dialled: a served call. */
  private final class Accepted extends GossipStream implements StreamObserver<GossipFrame> {
    private final Slot slot;
    private final ServerCallStreamObserver<GossipFrame> responses;

    Accepted(Slot slot, ServerCallStreamObserver<GossipFrame> responses) {
      super(maxQueuedBytes);
      this.slot = slot;
      this.responses = responses;
    }

    @Override
    boolean dialled() {
      return false;
    }

    @Override
    CallStreamObserver<GossipFrame> out() {
      return responses;
    }

    @Override
    void terminate(Status status) {
      if (status.isOk()) {
        responses.onCompleted();
      } else {
        responses.onError(status.asRuntimeException());
      }
    }

    @Override
    public void onNext(GossipFrame frame) {
      received(slot, this, frame);
    }

    @Override
    public void onError(Throwable t) {
      ended(slot, this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended(slot, this, Status.OK);
    }
  }

  /** The {@code PubSub} service: accepts the streams other peers dial. */
  private final class Service extends PubSubGrpc.PubSubImplBase {
    @Override
    public StreamObserver<GossipFrame> connect(StreamObserver<GossipFrame> out) {
      ServerCallStreamObserver<GossipFrame> responses = (ServerCallStreamObserver<GossipFrame>) out;
      PeerId caller = PeerRpcServer.caller().orElse(null);
      Status refusal = null;
      if (caller == null) {
        refusal = Status.UNAUTHENTICATED.withDescription("no authenticated peer");
      } else if (caller.equals(self)) {
        refusal = Status.INVALID_ARGUMENT.withDescription("a peer does not gossip with itself");
      } else if (listener == null || closed) {
        refusal =
            Status.UNAVAILABLE.withDescription(
                "the gossip of " + self + (closed ? " is closed" : " is not started yet"));
      }
      if (refusal != null) {
        responses.onError(refusal.asRuntimeException());
        return new Discard();
      }
      return withSlot(
          caller,
          slot -> {
            Accepted stream = new Accepted(slot, responses);
            responses.setOnReadyHandler(stream::drain);
            responses.setOnCancelHandler(
                () -> ended(slot, stream, Status.CANCELLED.withDescription(caller + " left")));
            inbound(slot, stream);
            return stream;
          });
    }
  }

  /** The inbound side of a refused stream. */
  private static final class Discard implements StreamObserver<GossipFrame> {
    @Override
    public void onNext(GossipFrame value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
