package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.Status;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gossip transport between peers over real mutual TLS on loopback, with test listeners. */
@Timeout(60)
class RpcGossipTransportIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Rounds of simultaneous dials; 150 passed while the test was written. */
  private static final int ROUNDS = 10;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private RpcTestPeer peer(byte[] secret, int maxQueuedBytes) {
    return peer(Identity.generate(), secret, maxQueuedBytes);
  }

  private RpcTestPeer peer(Identity identity, byte[] secret, int maxQueuedBytes) {
    RpcTestPeer p = RpcTestPeer.gossip(identity, secret, maxQueuedBytes);
    open.add(p);
    return p;
  }

  private RpcTestPeer peer() {
    return peer(SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
  }

  private static Recorder started(RpcTestPeer p) {
    Recorder r = new Recorder();
    p.transport().start(r);
    return r;
  }

  private static void connected(RpcTestPeer from, RpcTestPeer to) throws Exception {
    from.transport().connect(to.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static byte[] frame(int number, int size) {
    return ByteBuffer.allocate(Math.max(4, size)).putInt(number).array();
  }

  @Test
  void connect_acceptedStream_isAnnouncedOnBothSidesUnderAuthenticatedIds() throws Exception {
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    Recorder ra = started(a);
    Recorder rb = started(b);

    connected(a, b);

    await().atMost(WAIT).until(() -> rb.events.size() == 1);
    assertThat(ra.events).containsExactly("connected " + b.id());
    assertThat(rb.events).containsExactly("connected " + a.id());
    assertThat(a.transport().send(b.id(), frame(1, 10))).isTrue();
    assertThat(b.transport().send(a.id(), frame(2, 10))).isTrue();
    await().atMost(WAIT).until(() -> ra.frames.size() == 1 && rb.frames.size() == 1);
    assertThat(rb.frames.getFirst().from).isEqualTo(a.id());
    assertThat(rb.frames.getFirst().number()).isEqualTo(1);
    assertThat(ra.frames.getFirst().from).isEqualTo(b.id());
    assertThat(ra.frames.getFirst().number()).isEqualTo(2);
    assertThat(a.transport().connectedPeers()).containsExactly(b.id());
    assertThat(b.transport().connectedPeers()).containsExactly(a.id());
  }

  @Test
  void connect_bothPeersAtOnce_keepOneStreamAnnouncedOnce() throws Exception {
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    b.knows(a);
    Recorder ra = started(a);
    Recorder rb = started(b);

    for (int round = 0; round < ROUNDS; round++) {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<Void> ab = dialWhen(go, a, b);
      CompletableFuture<Void> ba = dialWhen(go, b, a);
      go.countDown();
      ab.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      ba.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      int n = round;
      await()
          .atMost(WAIT)
          .until(() -> ra.events.size() == 2 * n + 1 && rb.events.size() == 2 * n + 1);
      assertThat(a.transport().send(b.id(), frame(round, 8))).isTrue();
      assertThat(b.transport().send(a.id(), frame(round, 8))).isTrue();
      await().atMost(WAIT).until(() -> ra.frames.size() == n + 1 && rb.frames.size() == n + 1);

      a.transport().disconnect(b.id());
      await()
          .atMost(WAIT)
          .until(() -> ra.events.size() == 2 * n + 2 && rb.events.size() == 2 * n + 2);
    }
    List<String> expectedA = new ArrayList<>();
    List<String> expectedB = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      expectedA.addAll(List.of("connected " + b.id(), "disconnected " + b.id()));
      expectedB.addAll(List.of("connected " + a.id(), "disconnected " + a.id()));
    }
    assertThat(ra.events).isEqualTo(expectedA);
    assertThat(rb.events).isEqualTo(expectedB);
    assertThat(ra.frames)
        .extracting(Received::number)
        .containsExactlyElementsOf(IntStream.range(0, ROUNDS).boxed().toList());
    assertThat(rb.frames)
        .extracting(Received::number)
        .containsExactlyElementsOf(IntStream.range(0, ROUNDS).boxed().toList());
  }

  private static CompletableFuture<Void> dialWhen(
      CountDownLatch go, RpcTestPeer from, RpcTestPeer to) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return from.transport().connect(to.id());
            })
        .thenCompose(f -> f);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void connect_peerWithoutTheSecret_isRefusedByTheTls(boolean otherSecret) throws Exception {
    RpcTestPeer victim = peer();
    byte[] secret =
        otherSecret ? HexFormat.of().parseHex(ClusterConfig.randomSecret()) : new byte[0];
    RpcTestPeer intruder = peer(secret, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    intruder.knows(victim);
    victim.knows(intruder);
    Recorder rv = started(victim);
    Recorder ri = started(intruder);

    assertUnavailable(intruder.transport().connect(victim.id()));
    assertUnavailable(victim.transport().connect(intruder.id()));

    assertThat(rv.events).isEmpty();
    assertThat(ri.events).isEmpty();
    assertThat(victim.transport().connectedPeers()).isEmpty();
    assertThat(victim.transport().send(intruder.id(), frame(1, 8))).isFalse();
  }

  private static void assertUnavailable(CompletableFuture<Void> connect) {
    assertThatThrownBy(() -> connect.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void connect_moreLinksThanHighWater_trimmedLinkIsClosedOnBothSides() throws Exception {
    RpcTestPeer a =
        RpcTestPeer.gossip(
            Identity.generate(),
            SECRET,
            RpcGossipTransport.DEFAULT_QUEUED_BYTES,
            new ConnectionManagerConfig(1, 1, Duration.ofNanos(1)));
    open.add(a);
    RpcTestPeer b = peer();
    RpcTestPeer c = peer();
    a.knows(b).knows(c);
    Recorder ra = started(a);
    Recorder rb = started(b);
    started(c);
    connected(a, b);
    await().atMost(WAIT).until(() -> b.inboundConnections() == 1);

    connected(a, c);

    // The link to b held the only channel high_water allows: it is closed, not left open
    // uncounted, and both sides see the link go.
    await().atMost(WAIT).until(() -> b.inboundConnections() == 0);
    await().atMost(WAIT).until(() -> rb.events.contains("disconnected " + a.id()));
    await().atMost(WAIT).until(() -> ra.events.contains("disconnected " + b.id()));
    assertThat(a.transport().connectedPeers()).containsExactly(c.id());
    assertThat(a.channels().peers()).containsExactly(c.id());
    assertThat(a.transport().send(c.id(), frame(1, 10))).isTrue();
  }

  @Test
  void connect_peerNotStarted_isRefusedAsUnavailable() {
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    started(a);

    assertUnavailable(a.transport().connect(b.id()));
    assertThat(a.transport().connectedPeers()).isEmpty();
  }

  @Test
  void send_toPeerThatDoesNotRead_returnsFalseOnceItsQueueIsFull() throws Exception {
    int queue = 1 << 20;
    int size = 64 << 10;
    RpcTestPeer a = peer(SECRET, queue);
    RpcTestPeer b = peer();
    a.knows(b);
    started(a);
    Recorder rb = started(b);
    CountDownLatch gate = new CountDownLatch(1);
    rb.gate = gate;
    connected(a, b);

    // b reads the first frame and then stalls: HTTP/2 flow control holds the rest back, then a's
    // queue fills. Without a bound, this loop would run to its end (128 MiB) and keep it all.
    int accepted = 0;
    while (accepted < 2048 && a.transport().send(b.id(), frame(accepted, size))) {
      accepted++;
    }
    assertThat(accepted).as("frames taken before the first refusal").isLessThan(2048);
    assertThat(a.transport().queuedBytes(b.id())).isLessThanOrEqualTo(queue);

    gate.countDown();
    int sent = accepted;
    await().atMost(WAIT).until(() -> rb.frames.size() == sent);
    assertThat(rb.frames).extracting(Received::number).isSorted().doesNotHaveDuplicates();
    assertThat(rb.frames.getLast().number()).isEqualTo(sent - 1);
    await().atMost(WAIT).until(() -> a.transport().queuedBytes(b.id()) == 0);
    assertThat(a.transport().send(b.id(), frame(sent, size))).isTrue();
    await().atMost(WAIT).until(() -> rb.frames.size() == sent + 1);
  }

  @Test
  void send_frameOverTheRpcMessageLimit_isRefusedAndTheStreamLives() throws Exception {
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    started(a);
    Recorder rb = started(b);
    connected(a, b);

    int limit = RpcLimits.defaults().maxInboundMessageBytes();
    assertThat(a.transport().send(b.id(), frame(1, limit))).isFalse();
    assertThat(a.transport().send(b.id(), frame(2, 1 << 20))).isTrue();
    await().atMost(WAIT).until(() -> rb.frames.size() == 1);
    assertThat(rb.frames.getFirst().number()).isEqualTo(2);
    assertThat(rb.events).containsExactly("connected " + a.id());
  }

  @Test
  void connect_madeWhileServingACall_streamOutlivesThatCall() throws Exception {
    // A peer dials from inside the served call of an address exchange; that call's Context is
    // cancelled when it returns, which must not end the gossip stream.
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    Recorder ra = started(a);
    Recorder rb = started(b);
    Context.CancellableContext served = Context.current().withCancellation();

    served.call(() -> a.transport().connect(b.id())).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> rb.events.size() == 1);
    served.cancel(null);

    assertThat(a.transport().send(b.id(), frame(1, 8))).isTrue();
    assertThat(b.transport().send(a.id(), frame(2, 8))).isTrue();
    await().atMost(WAIT).until(() -> ra.frames.size() == 1 && rb.frames.size() == 1);
    assertThat(ra.events).containsExactly("connected " + b.id());
    assertThat(rb.events).containsExactly("connected " + a.id());
    assertThat(a.transport().connectedPeers()).containsExactly(b.id());
  }

  @Test
  void connect_afterTheStreamDied_reportsDisconnectedThenConnectsAgain() throws Exception {
    RpcTestPeer a = peer();
    RpcTestPeer b = peer();
    a.knows(b);
    Recorder ra = started(a);
    Recorder rb = started(b);
    connected(a, b);

    a.channels().forget(b.id()); // the connection under the stream dies
    await().atMost(WAIT).until(() -> ra.events.size() == 2 && rb.events.size() == 2);
    assertThat(a.transport().connectedPeers()).isEmpty();
    assertThat(b.transport().connectedPeers()).isEmpty();
    assertThat(a.transport().send(b.id(), frame(1, 8))).isFalse();

    connected(a, b);
    await().atMost(WAIT).until(() -> rb.events.size() == 3);
    assertThat(ra.events)
        .containsExactly("connected " + b.id(), "disconnected " + b.id(), "connected " + b.id());
    assertThat(a.transport().send(b.id(), frame(2, 8))).isTrue();
    await().atMost(WAIT).until(() -> rb.frames.size() == 1);
  }

  @Test
  void connect_fromPeerWhoseStreamIsActiveHere_replacesItWithAFreshConnection() throws Exception {
    // b has the smaller ID: a's own stream does not take precedence over b's dial.
    Identity[] ids = orderedIdentities();
    RpcTestPeer b = peer(ids[0], SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    RpcTestPeer a = peer(ids[1], SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    a.knows(b);
    Recorder ra = started(a);
    Recorder rb = started(b);
    connected(a, b);
    // b restarts (same identity, new process) before a notices that the old b is gone.
    RpcTestPeer restarted = peer(b.identity(), SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    restarted.knows(a);
    Recorder rr = started(restarted);

    connected(restarted, a);

    await().atMost(WAIT).until(() -> ra.events.size() == 3 && rb.events.size() == 2);
    assertThat(ra.events)
        .containsExactly("connected " + b.id(), "disconnected " + b.id(), "connected " + b.id());
    assertThat(rb.events).containsExactly("connected " + a.id(), "disconnected " + a.id());
    assertThat(rr.events).containsExactly("connected " + a.id());
    assertThat(a.transport().send(b.id(), frame(5, 8))).isTrue();
    await().atMost(WAIT).until(() -> rr.frames.size() == 1);
    assertThat(rb.frames).isEmpty();
  }

  @Test
  void connect_largerPeerWhileSmallerHoldsItsOwnStream_isRefusedUntilThatStreamEnds()
      throws Exception {
    Identity[] ids = orderedIdentities();
    RpcTestPeer a = peer(ids[0], SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    RpcTestPeer b = peer(ids[1], SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    a.knows(b);
    Recorder ra = started(a);
    started(b);
    connected(a, b);
    RpcTestPeer restarted = peer(b.identity(), SECRET, RpcGossipTransport.DEFAULT_QUEUED_BYTES);
    restarted.knows(a);
    Recorder rr = started(restarted);

    // a keeps the stream it dialled (it cannot tell this dial from a stale crossing one); the
    // dialler waits for a's own dial, which does not come, and gives up after the handshake
    // timeout.
    CompletableFuture<Void> refused = restarted.transport().connect(a.id());
    assertThatThrownBy(() -> refused.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThat(ra.events).containsExactly("connected " + b.id());

    b.close(); // the old process goes away, and with it the stream
    await().atMost(WAIT).until(() -> ra.events.size() == 2);
    connected(restarted, a);
    await().atMost(WAIT).until(() -> ra.events.size() == 3);
    assertThat(rr.events).containsExactly("connected " + a.id());
  }

  /** Two identities, the smaller peer ID first. */
  private static Identity[] orderedIdentities() {
    Identity[] ids = {Identity.generate(), Identity.generate()};
    Arrays.sort(ids, Comparator.comparing(Identity::peerId));
    return ids;
  }

  /** A frame and who sent it. */
  record Received(PeerId from, byte[] frame) {
    int number() {
      return ByteBuffer.wrap(frame).getInt();
    }
  }

  /**
   * Records what a transport announces; optionally stalls in the first frame until a gate opens.
   */
  static final class Recorder implements GossipTransport.Listener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Received> frames = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate;

    @Override
    public void peerConnected(PeerId peer) {
      events.add("connected " + peer);
    }

    @Override
    public void peerDisconnected(PeerId peer) {
      events.add("disconnected " + peer);
    }

    @Override
    public void frameReceived(PeerId from, byte[] frame) {
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      frames.add(new Received(from, frame));
    }
  }
}
