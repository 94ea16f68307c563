package io.ipfscluster.consensus.raft;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** Identities, ports and a fast configuration for in-process Raft tests. */
final class RaftTestPeers {
  /** The cluster secret of the test peers. */
  static final byte[] SECRET = secret(7);

  private RaftTestPeers() {}

  /** A 32-byte secret derived from {@code seed}. */
  static byte[] secret(long seed) {
    byte[] bytes = new byte[32];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static Identity identity(long seed) {
    byte[] bytes = new byte[32];
    new Random(seed).nextBytes(bytes);
    return Identity.fromSeed(bytes);
  }

  /** The CID of raw block {@code i} (its four bytes). */
  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  /** Pin {@code i}: {@link #cid(int)} named "pin i". */
  static Pin pin(int i) {
    return Pin.of(cid(i), PinOptions.defaults().withName("pin " + i));
  }

  /** The CIDs of {@code c}'s pinset. */
  static Set<Cid> cids(RaftConsensus c) {
    Set<Cid> out = new HashSet<>();
    try (Stream<Pin> pins = c.state().list()) {
      pins.forEach(p -> out.add(p.cid()));
    }
    return out;
  }

  /**
   * {@code c} with writes that give up soon: {@code wait_for_leader_timeout} {@code wait}, a 1 s
   * {@code network_timeout} and no commit retries.
   */
  static RaftConfig givingUpAfter(RaftConfig c, Duration wait) {
    return new RaftConfig(
        c.dataFolder(),
        c.initPeerset(),
        wait,
        Duration.ofSeconds(1),
        0,
        c.commitRetryDelay(),
        c.backupsRotate(),
        c.datastoreNamespace(),
        c.heartbeatTimeout(),
        c.electionTimeout(),
        c.commitTimeout(),
        c.maxAppendEntries(),
        c.trailingLogs(),
        c.snapshotInterval(),
        c.snapshotThreshold(),
        c.leaderLeaseTimeout());
  }

  /** A loopback port free right now (the server binds it a moment later). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The defaults with short election timeouts, so that tests elect a leader in well under 1 s. */
  static RaftConfig fastConfig(List<String> initPeerset) {
    RaftConfig d = RaftConfig.defaults();
    return new RaftConfig(
        d.dataFolder(),
        initPeerset,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        d.commitRetries(),
        d.commitRetryDelay(),
        d.backupsRotate(),
        d.datastoreNamespace(),
        Duration.ofMillis(300),
        Duration.ofMillis(300),
        d.commitTimeout(),
        d.maxAppendEntries(),
        d.trailingLogs(),
        d.snapshotInterval(),
        d.snapshotThreshold(),
        Duration.ofMillis(150));
  }
}
