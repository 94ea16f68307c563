package io.ipfscluster.net.gossip;

import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Varint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link Frame}: protobuf wire format written and read by hand, so that the
 * gossip layer needs no generated code. The schema, as a {@code .proto} would say it:
 *
 * <pre>
 * message Frame {
 *   repeated SubOpt subscriptions = 1;  // SubOpt  { bool subscribe = 1; string topic = 2; }
 *   repeated Message messages = 2;      // Message { bytes from = 1; uint64 seqno = 2;
 *                                       //           string topic = 3; bytes data = 4;
 *                                       //           bytes signature = 5; }
 *   repeated IHave ihave = 3;           // IHave   { string topic = 1; repeated MsgId ids = 2; }
 *   repeated MsgId iwant = 4;           // MsgId   { bytes from = 1; uint64 seqno = 2; }
 *   repeated string graft = 5;          // topics
 *   repeated string prune = 6;          // topics
 * }
 * </pre>
 *
 * <p>{@code from} is a peer ID in binary form (its multihash). A message signs {@link
 * #signedBytes}: a domain prefix and fields 1 to 4 of its encoding. Thread-safe: stateless.
 */
final class FrameCodec {
  /** Keeps a gossip signature from being valid for anything else the identity key signs. */
  private static final byte[] SIGNING_PREFIX =
      "ipfs-cluster/gossip/1:".getBytes(StandardCharsets.US_ASCII);

  private static final int ED25519_SIGNATURE_BYTES = 64;

  private FrameCodec() {}

  static byte[] encode(Frame f) {
    ProtoWriter w = new ProtoWriter();
    for (Frame.SubscriptionChange s : f.subscriptions()) {
      w.message(1, new ProtoWriter().bool(1, s.subscribe()).string(2, s.topic()));
    }
    for (GossipMessage m : f.messages()) {
      w.message(2, message(m));
    }
    for (Frame.IHave h : f.ihave()) {
      ProtoWriter ih = new ProtoWriter().string(1, h.topic());
      for (MessageId id : h.ids()) {
        ih.message(2, messageId(id));
      }
      w.message(3, ih);
    }
    for (MessageId id : f.iwant()) {
      w.message(4, messageId(id));
    }
    for (String t : f.graft()) {
      w.string(5, t);
    }
    for (String t : f.prune()) {
      w.string(6, t);
    }
    return w.toByteArray();
  }

  /** The encoded size of one message inside a frame, for size checks before sending. */
  static int encodedSize(GossipMessage m) {
    int n = message(m).size();
    return 1 + Varint.size(n) + n;
  }

  /** What the publisher signs: the prefix, then from, seqno, topic and data as encoded. */
  static byte[] signedBytes(PeerId from, long seqno, String topic, byte[] data) {
    ProtoWriter body = unsignedMessage(from, seqno, topic, data);
    byte[] encoded = body.toByteArray();
    byte[] out = new byte[SIGNING_PREFIX.length + encoded.length];
    System.arraycopy(SIGNING_PREFIX, 0, out, 0, SIGNING_PREFIX.length);
    System.arraycopy(encoded, 0, out, SIGNING_PREFIX.length, encoded.length);
    return out;
  }

  private static ProtoWriter unsignedMessage(PeerId from, long seqno, String topic, byte[] data) {
    return new ProtoWriter()
        .bytes(1, from.toBytes())
        .uint64(2, seqno)
        .string(3, topic)
        .bytes(4, data);
  }

  private static ProtoWriter message(GossipMessage m) {
    return unsignedMessage(m.from(), m.seqno(), m.topic(), m.rawData()).bytes(5, m.rawSignature());
  }

  private static ProtoWriter messageId(MessageId id) {
    return new ProtoWriter().bytes(1, id.from().toBytes()).uint64(2, id.seqno());
  }

  /**
   * Decodes a frame.
   *
   * @throws MalformedFrameException saying what is wrong: bad wire format, a missing field, a bad
   *     peer ID, an empty topic or a signature of the wrong length
   */
  static Frame decode(byte[] bytes) throws MalformedFrameException {
    ProtoReader r = new ProtoReader(bytes);
    List<Frame.SubscriptionChange> subs = new ArrayList<>();
    List<GossipMessage> messages = new ArrayList<>();
    List<Frame.IHave> ihave = new ArrayList<>();
    List<MessageId> iwant = new ArrayList<>();
    List<String> graft = new ArrayList<>();
    List<String> prune = new ArrayList<>();
    while (r.hasMore()) {
      switch (r.nextField()) {
        case 1 -> subs.add(subscription(r.message()));
        case 2 -> messages.add(message(r.message()));
        case 3 -> ihave.add(ihave(r.message()));
        case 4 -> iwant.add(messageId(r.message()));
        case 5 -> graft.add(topic(r.string()));
        case 6 -> prune.add(topic(r.string()));
        default -> r.skip();
      }
    }
    return new Frame(subs, messages, ihave, iwant, graft, prune);
  }

  private static Frame.SubscriptionChange subscription(ProtoReader r)
      throws MalformedFrameException {
    boolean subscribe = false;
    String topic = null;
    while (r.hasMore()) {
      switch (r.nextField()) {
        case 1 -> subscribe = r.bool();
        case 2 -> topic = topic(r.string());
        default -> r.skip();
      }
    }
    return new Frame.SubscriptionChange(required(topic, "subscription topic"), subscribe);
  }

  private static GossipMessage message(ProtoReader r) throws MalformedFrameException {
    PeerId from = null;
    long seqno = 0;
    String topic = null;
    byte[] data = new byte[0];
    byte[] signature = null;
    while (r.hasMore()) {
      switch (r.nextField()) {
        case 1 -> from = peerId(r.bytes());
        case 2 -> seqno = r.uint64();
        case 3 -> topic = topic(r.string());
        case 4 -> data = r.bytes();
        case 5 -> signature = r.bytes();
        default -> r.skip();
      }
    }
    required(from, "message from");
    required(topic, "message topic");
    required(signature, "message signature");
    if (signature.length != ED25519_SIGNATURE_BYTES) {
      throw new MalformedFrameException("a message signature is 64 bytes, got " + signature.length);
    }
    return new GossipMessage(from, seqno, topic, data, signature);
  }

  private static Frame.IHave ihave(ProtoReader r) throws MalformedFrameException {
    String topic = null;
    List<MessageId> ids = new ArrayList<>();
    while (r.hasMore()) {
      switch (r.nextField()) {
        case 1 -> topic = topic(r.string());
        case 2 -> ids.add(messageId(r.message()));
        default -> r.skip();
      }
    }
    return new Frame.IHave(required(topic, "ihave topic"), ids);
  }

  private static MessageId messageId(ProtoReader r) throws MalformedFrameException {
    PeerId from = null;
    long seqno = 0;
    while (r.hasMore()) {
      switch (r.nextField()) {
        case 1 -> from = peerId(r.bytes());
        case 2 -> seqno = r.uint64();
        default -> r.skip();
      }
    }
    return new MessageId(required(from, "message id from"), seqno);
  }

  private static PeerId peerId(byte[] bytes) throws MalformedFrameException {
    try {
      return PeerId.fromBytes(bytes);
    } catch (MultiformatException e) {
      throw new MalformedFrameException(e.getMessage());
    }
  }

  private static String topic(String topic) throws MalformedFrameException {
    if (topic.isEmpty()) {
      throw new MalformedFrameException("a topic must not be empty");
    }
    return topic;
  }

  private static <T> T required(T value, String what) throws MalformedFrameException {
    if (value == null) {
      throw new MalformedFrameException(what + " is missing");
    }
    return value;
  }
}
