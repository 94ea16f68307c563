package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.state.PinCodec;
import java.nio.ByteBuffer;
import java.util.Random;

/** CIDs, pins and identities for the CRDT tests, deterministic from small numbers. */
final class TestPins {
  private TestPins() {}

  static Cid cid(int i) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, ByteBuffer.allocate(4).putInt(i).array()));
  }

  /** A pin of {@code cid(i)} named {@code name}, so that versions of one pin differ. */
  static Pin pin(int i, String name) {
    return Pin.of(cid(i), PinOptions.defaults().withName(name));
  }

  static Pin pin(int i) {
    return Pin.of(cid(i));
  }

  static byte[] value(int i, String name) {
    return PinCodec.encode(pin(i, name));
  }

  static Identity identity(long seed) {
    byte[] bytes = new byte[32];
    new Random(seed).nextBytes(bytes);
    return Identity.fromSeed(bytes);
  }

  static byte[] incarnation(long seed) {
    byte[] bytes = new byte[WriterId.INCARNATION_BYTES];
    new Random(seed * 31 + 7).nextBytes(bytes);
    return bytes;
  }
}
