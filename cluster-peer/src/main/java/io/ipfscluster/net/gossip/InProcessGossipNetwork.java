package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.PeerId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A network of {@link GossipTransport}s in one JVM: many gossip routers without sockets, for tests,
 * benchmarks and in-process clusters. Frames are delivered on the given executor, after the delay
 * the {@link LinkPolicy} decides (or lost, if it says so), in order per direction of each link.
 * With a real executor it runs like a network; with a test scheduler that runs tasks when told, it
 * runs in virtual time.
 *
 * <p>Thread-safe.
 */
public final class InProcessGossipNetwork {
  /** Decides what happens to each frame sent. Implementations are thread-safe. */
  @FunctionalInterface
  public interface LinkPolicy {
    /** Delivers every frame at once. */
    LinkPolicy IMMEDIATE = (from, to, frame) -> Duration.ZERO;

    /** The delay before {@code frame} reaches {@code to}, or null to lose it. */
    Duration delay(PeerId from, PeerId to, byte[] frame);
  }

  private final ScheduledExecutorService executor;
  private final Map<PeerId, Endpoint> endpoints = new ConcurrentHashMap<>();
  private volatile LinkPolicy policy;

  /** A network delivering on {@code executor} with {@code policy}. */
  public InProcessGossipNetwork(ScheduledExecutorService executor, LinkPolicy policy) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Replaces the link policy for frames sent from now on. */
  public void setPolicy(LinkPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The transport of {@code peer}, created on first call. */
  public GossipTransport transport(PeerId peer) {
    return endpoints.computeIfAbsent(peer, Endpoint::new);
  }

  /** Connects two peers (both must have a transport); connecting twice does nothing. */
  public void connect(PeerId a, PeerId b) {
    if (a.equals(b)) {
      throw new IllegalArgumentException("a peer cannot connect to itself: " + a);
    }
    Endpoint ea = endpoint(a);
    Endpoint eb = endpoint(b);
    boolean newA = ea.connected.add(b);
    boolean newB = eb.connected.add(a);
    if (newA) {
      ea.announceConnected(b);
    }
    if (newB) {
      eb.announceConnected(a);
    }
  }

  /** Disconnects two peers; frames in flight between them are lost. */
  public void disconnect(PeerId a, PeerId b) {
    Endpoint ea = endpoint(a);
    Endpoint eb = endpoint(b);
    if (ea.connected.remove(b)) {
      ea.announceDisconnected(b);
    }
    if (eb.connected.remove(a)) {
      eb.announceDisconnected(a);
    }
  }

  /** Injects raw bytes as if {@code from} had sent them to {@code to}; they must be connected. */
  public void inject(PeerId from, PeerId to, byte[] frame) {
    endpoint(from).send(to, frame);
  }

  private Endpoint endpoint(PeerId p) {
    Endpoint e = endpoints.get(p);
    if (e == null) {
      throw new IllegalArgumentException("peer " + p + " has no transport in this network");
    }
    return e;
  }

  private final class Endpoint implements GossipTransport {
    private final PeerId self;
    private final Set<PeerId> connected = ConcurrentHashMap.newKeySet();
    private final Map<PeerId, Link> links = new ConcurrentHashMap<>();
    private volatile Listener listener;

    Endpoint(PeerId self) {
      this.self = self;
    }

    @Override
    public void start(Listener listener) {
      synchronized (this) {
        if (this.listener != null) {
          throw new IllegalStateException("transport of " + self + " already started");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
      }
      for (PeerId p : connected) {
        listener.peerConnected(p);
      }
    }

    void announceConnected(PeerId peer) {
      Listener l = listener;
      if (l != null) {
        l.peerConnected(peer);
      }
    }

    void announceDisconnected(PeerId peer) {
      Listener l = listener;
      if (l != null) {
        l.peerDisconnected(peer);
      }
    }

    @Override
    public boolean send(PeerId peer, byte[] frame) {
      if (!connected.contains(peer)) {
        return false;
      }
      Duration delay = policy.delay(self, peer, frame);
      if (delay != null) {
        links.computeIfAbsent(peer, p -> new Link(this, endpoints.get(p))).send(frame, delay);
      }
      return true;
    }
  }

  /**
   * One direction of a connection. Frames wait in a FIFO queue; each scheduled delivery takes the
   * head under the link's lock, so frames arrive in the order sent and one at a time even on a
   * thread pool (a frame with a shorter delay than the one before it hastens that one's delivery).
   */
  private final class Link {
    private final Endpoint from;
    private final Endpoint to;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

    Link(Endpoint from, Endpoint to) {
      this.from = from;
      this.to = to;
    }

    void send(byte[] frame, Duration delay) {
      queue.add(frame.clone());
      if (delay.isZero()) {
        executor.execute(this::deliverOne);
      } else {
        executor.schedule(this::deliverOne, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private synchronized void deliverOne() {
      byte[] frame = queue.poll();
      GossipTransport.Listener l = to.listener;
      if (frame != null && l != null && to.connected.contains(from.self)) {
        l.frameReceived(from.self, frame);
      }
    }
  }
}
