package io.ipfscluster.net.gossip;

import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import java.util.Objects;

/**
 * A message published on a topic, signed by its publisher. The signature covers the publisher, the
 * sequence number, the topic and the data; it verifies against the Ed25519 public key that the
 * publisher's peer ID embeds, so no key needs to travel with the message.
 *
 * <p>Immutable and thread-safe: the arrays are copied in and out.
 *
 * @param from the publisher
 * @param seqno the publisher's sequence number, non-negative
 * @param topic the topic, not empty
 * @param data the payload
 * @param signature the publisher's Ed25519 signature of {@link FrameCodec#signedBytes}
 */
public record GossipMessage(PeerId from, long seqno, String topic, byte[] data, byte[] signature) {
  public GossipMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(topic, "topic");
    if (seqno < 0) {
      throw new IllegalArgumentException("seqno must not be negative, got " + seqno);
    }
    if (topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
    data = data.clone();
    signature = signature.clone();
  }

  /** Signs {@code data} on {@code topic} as {@code publisher}. */
  static GossipMessage sign(Identity publisher, long seqno, String topic, byte[] data) {
    byte[] sig = publisher.sign(FrameCodec.signedBytes(publisher.peerId(), seqno, topic, data));
    return new GossipMessage(publisher.peerId(), seqno, topic, data, sig);
  }

  /** Its identity for de-duplication. */
  public MessageId id() {
    return new MessageId(from, seqno);
  }

  /** Whether the signature was made by the key of {@link #from}. */
  public boolean hasValidSignature() {
    return Identity.verify(from, FrameCodec.signedBytes(from, seqno, topic, data), signature);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The payload without a copy, for the codec. */
  byte[] rawData() {
    return data;
  }

  byte[] rawSignature() {
    return signature;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GossipMessage m
        && from.equals(m.from)
        && seqno == m.seqno
        && topic.equals(m.topic)
        && java.util.Arrays.equals(data, m.data)
        && java.util.Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, seqno, topic, java.util.Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "GossipMessage[" + id() + " on " + topic + ", " + data.length + " bytes]";
  }
}
