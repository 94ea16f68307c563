package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The replicated record that a peer was removed from the cluster ({@code peers rm}, design §10): an
 * element of the CRDT set like a pin, under a reserved key, so that it travels in the same blocks,
 * reaches every replica (also those offline when it was written) and is never lost by a merge.
 *
 * <p>The key is a CIDv1 of the private-use multicodec {@link #CODEC} whose multihash is the removed
 * peer's ID: no content CID has that codec, every record of one peer has the same key (removing a
 * peer twice, even concurrently on two peers, leaves one record), and the records sort together in
 * the winners so that a replica lists them with one short scan. The value is a pin of that key (the
 * block format carries pins only) allocated to the removed peer, dated when it was removed. The
 * pinset views, the pin count and the pinset hooks leave records out.
 *
 * <p>Stateless and thread-safe.
 */
final class RemovalRecord {
  /** The multicodec of the keys of removal records: one of the private-use range. */
  static final long CODEC = 0x300c1e;

  /** The name the record's pin carries, for whoever decodes a block by hand. */
  static final String NAME = "ipfs-cluster: peer removed";

  private RemovalRecord() {}

  /** The key of the record that {@code peer} was removed. */
  static Cid key(PeerId peer) {
    return Cid.v1(CODEC, peer.multihash());
  }

  /** Whether {@code key} is the key of a removal record rather than of a pin. */
  static boolean isRecord(Cid key) {
    return key.version() == 1 && key.codec() == CODEC;
  }

  /** The peer a record's key names. */
  static PeerId peerOf(Cid key) {
    if (!isRecord(key)) {
      throw new IllegalArgumentException(key + " is not the key of a removal record");
    }
    return PeerId.of(key.multihash());
  }

  /** The record that {@code peer} was removed at {@code when}. */
  static Pin of(PeerId peer, Instant when) {
    return new Pin(
        key(peer),
        null,
        List.of(peer),
        0,
        null,
        GoTime.toSeconds(when),
        PinOptions.defaults().withName(NAME));
  }

  /**
   * The bytes every record's key starts with: a scan of the winners from there lists the records.
   */
  static byte[] keyPrefix() {
    Cid any = Cid.v1(CODEC, Multihash.of(HashFunction.IDENTITY, new byte[0]));
    byte[] bytes = any.toBytes();
    return Arrays.copyOf(bytes, bytes.length - any.multihash().length());
  }
}
