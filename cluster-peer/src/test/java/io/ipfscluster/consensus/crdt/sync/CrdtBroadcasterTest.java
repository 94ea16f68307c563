package io.ipfscluster.consensus.crdt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.Block;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.consensus.crdt.BlockFetcher;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.DotRange;
import io.ipfscluster.consensus.crdt.HeadAnnouncement;
import io.ipfscluster.consensus.crdt.HeadAnnouncer;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipMessage;
import io.ipfscluster.net.gossip.MessageHandler;
import io.ipfscluster.net.gossip.MessageId;
import io.ipfscluster.net.gossip.PubSub;
import io.ipfscluster.net.gossip.Subscription;
import io.ipfscluster.net.gossip.TopicValidator;
import io.ipfscluster.net.gossip.ValidationResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CrdtBroadcaster} between replicas in memory: a bus that delivers every published message
 * to every subscriber whose validator accepts it, and fetchers that read the other replica.
 */
@Timeout(60)
class CrdtBroadcasterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TOPIC = CrdtTopic.of("ipfs-cluster");

  private final Bus bus = new Bus();
  private final Map<PeerId, CrdtConsensus> replicas = new ConcurrentHashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  /** Publishes to every endpoint; {@link #inject} sends what a peer might send, unchecked. */
  private static final class Bus {
    final Map<PeerId, Map<String, MessageHandler>> handlers = new ConcurrentHashMap<>();
    final Map<PeerId, Map<String, TopicValidator>> validators = new ConcurrentHashMap<>();
    final AtomicLong seqno = new AtomicLong();

    /** Messages of other peers that reached each endpoint's handler. */
    final Map<PeerId, AtomicInteger> delivered = new ConcurrentHashMap<>();

    PubSub endpoint(PeerId self) {
      handlers.put(self, new ConcurrentHashMap<>());
      delivered.put(self, new AtomicInteger());
      validators.put(self, new ConcurrentHashMap<>());
      return new PubSub() {
        @Override
        public Subscription subscribe(String topic, MessageHandler handler) {
          handlers.get(self).put(topic, handler);
          return new Subscription() {
            @Override
            public String topic() {
              return topic;
            }

            @Override
            public void close() {
              handlers.get(self).remove(topic);
            }
          };
        }

        @Override
        public MessageId publish(String topic, byte[] data) {
          return inject(self, topic, data);
        }

        @Override
        public void setValidator(String topic, TopicValidator validator) {
          validators.get(self).put(topic, validator);
        }
      };
    }

    /** Whether messages are delivered: false models gossip links not up yet. */
    volatile boolean linked = true;

    /** Messages published, delivered or not, per publisher. */
    final Map<PeerId, AtomicInteger> published = new ConcurrentHashMap<>();

    MessageId inject(PeerId from, String topic, byte[] data) {
      GossipMessage m = new GossipMessage(from, seqno.incrementAndGet(), topic, data, new byte[64]);
      published.computeIfAbsent(from, p -> new AtomicInteger()).incrementAndGet();
      if (!linked) {
        return m.id();
      }
      for (PeerId to : handlers.keySet()) {
        TopicValidator v = validators.get(to).get(topic);
        MessageHandler h = handlers.get(to).get(topic);
        if (h != null && (v == null || v.validate(from, m) == ValidationResult.ACCEPT)) {
          if (!to.equals(from)) {
            delivered.get(to).incrementAndGet();
          }
          h.onMessage(m);
        }
      }
      return m.id();
    }
  }

  /** Reads the blocks of whichever replica the source is. */
  private final BlockFetcher fetcher =
      new BlockFetcher() {
        @Override
        public Optional<byte[]> fetch(Cid cid, PeerId source) {
          return replicas.get(source).block(cid);
        }

        @Override
        public Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
          Map<Cid, byte[]> out = new LinkedHashMap<>();
          try (Stream<Block> blocks = replicas.get(source).blocks(range)) {
            blocks.forEach(b -> out.put(b.cid(), b.data()));
          }
          return out;
        }
      };

  private static CrdtConfig config(List<String> trusted) {
    return config(trusted, Duration.ofMillis(200));
  }

  private static CrdtConfig config(List<String> trusted, Duration rebroadcast) {
    CrdtConfig d = CrdtConfig.defaults();
    return new CrdtConfig(
        d.clusterName(),
        trusted,
        d.batching(),
        Duration.ofMillis(200),
        rebroadcast,
        d.peersetMetric(),
        d.datastoreNamespace());
  }

  private record Replica(CrdtConsensus consensus, CrdtBroadcaster broadcaster, PeerId id) {}

  private Replica start(List<String> trusted) {
    return start(config(trusted));
  }

  private Replica start(CrdtConfig config) {
    Identity identity = Identity.generate();
    AtomicReference<HeadAnnouncer> announcer = new AtomicReference<>(HeadAnnouncer.NONE);
    CrdtConsensus c =
        CrdtConsensus.builder(new MemoryDatastore(), identity, config)
            .announcer(a -> announcer.get().announce(a))
            .build();
    opened.add(c);
    replicas.put(identity.peerId(), c);
    CrdtBroadcaster b =
        CrdtBroadcaster.start(
            c, bus.endpoint(identity.peerId()), fetcher, identity.peerId(), config);
    opened.add(b);
    announcer.set(b);
    return new Replica(c, b, identity.peerId());
  }

  private Replica start() {
    return start(List.of("*"));
  }

  private static Pin pin(int i) {
    return Pin.of(
        Cid.v1(
            Multicodec.RAW,
            Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array())));
  }

  @Test
  void logPin_onOneReplica_reachesTheOther() {
    Replica a = start();
    Replica b = start();

    a.consensus().logPin(pin(1));

    await().atMost(WAIT).until(() -> b.consensus().state().has(pin(1).cid()));
    assertThat(b.broadcaster().mergedBlocks()).isEqualTo(1);
  }

  @Test
  void rebroadcast_replicaStartedAfterTheCommits_catchesUp() {
    Replica a = start();
    for (int i = 0; i < 20; i++) {
      a.consensus().logPin(pin(i));
    }
    Replica late = start();

    await()
        .atMost(WAIT)
        .until(() -> late.consensus().info().heads().equals(a.consensus().info().heads()));
    assertThat(late.consensus().info().stateDigest()).isEqualTo(a.consensus().info().stateDigest());
  }

  @Test
  void
      rebroadcast_firstAnnouncementsLostBeforeLinksAreUp_joiningReplicaCatchesUpLongBeforeTheInterval() {
    CrdtConfig hourly = config(List.of("*"), Duration.ofHours(1));
    Replica a = start(hourly);
    for (int i = 0; i < 20; i++) {
      a.consensus().logPin(pin(i));
    }
    bus.linked = false;
    Replica joining = start(hourly);
    await().atMost(WAIT).until(() -> bus.published.containsKey(joining.id())); // lost

    bus.linked = true;

    await()
        .atMost(WAIT)
        .until(() -> joining.consensus().info().heads().equals(a.consensus().info().heads()));
    assertThat(joining.consensus().info().stateDigest())
        .isEqualTo(a.consensus().info().stateDigest());
  }

  @Test
  void announcement_ofAnUntrustedPublisher_isDropped_untilItIsTrusted() {
    Replica a = start();
    Replica b = start(List.of());
    a.consensus().logPin(pin(1));
    Replica c = start(); // trusts everyone: shows that the announcement went out
    await().atMost(WAIT).until(() -> c.consensus().state().has(pin(1).cid()));
    assertThat(bus.delivered.get(b.id())).hasValue(0); // the validator dropped them all
    assertThat(b.consensus().state().has(pin(1).cid())).isFalse();

    b.consensus().trust(a.id());

    await().atMost(WAIT).until(() -> b.consensus().state().has(pin(1).cid()));
    assertThat(bus.delivered.get(b.id()).get()).isPositive();
  }

  @Test
  void announcement_malformed_isRejectedAndLaterOnesStillWork() {
    Replica a = start();
    Replica b = start();
    bus.inject(a.id(), TOPIC, new byte[] {1, 2, 3, (byte) 0xff});

    a.consensus().logPin(pin(1));

    await().atMost(WAIT).until(() -> b.consensus().state().has(pin(1).cid()));
  }

  @Test
  void announcement_sameVectorAndHeadsButAnotherDigest_isCountedAsDivergence() {
    Replica a = start();
    Replica b = start();
    a.consensus().logPin(pin(1));
    await()
        .atMost(WAIT)
        .until(() -> b.consensus().info().heads().equals(a.consensus().info().heads()));
    assertThat(b.broadcaster().divergences()).isZero();
    HeadAnnouncement real = a.consensus().currentHeads();
    HeadAnnouncement forged =
        new HeadAnnouncement(real.sender(), real.heads(), real.versionVector(), "00".repeat(32));

    bus.inject(a.id(), TOPIC, HeadsCodec.encode(forged));

    await().atMost(WAIT).until(() -> b.broadcaster().divergences() > 0);
  }
}
