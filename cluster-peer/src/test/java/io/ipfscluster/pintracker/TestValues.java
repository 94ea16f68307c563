package io.ipfscluster.pintracker;

import static org.awaitility.Awaitility.await;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.core.ConditionFactory;

/** CIDs and peer IDs numbered for tests, and the one way tests wait. */
final class TestValues {
  private TestValues() {}

  /** A distinct raw CIDv1 per {@code i}, ordered arbitrarily. */
  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  /** A distinct Ed25519 peer ID per {@code i}. */
  static PeerId peer(int i) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) i);
    return PeerId.fromEd25519PublicKey(key);
  }

  /** Waits for a condition, polling often, for at most 10 seconds. */
  static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2));
  }
}
