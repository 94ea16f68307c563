package io.ipfscluster.datastore;

import java.nio.charset.StandardCharsets;

/**
 * The key prefixes that components of a peer use in the shared {@link Datastore}, kept in one place
 * so that no two overlap. Each prefix ends with {@code '/'}, so none is a prefix of another. A
 * component takes its view with {@code datastore.namespace(KeySpace.STATE.prefix())}.
 *
 * <p>Prefixes are part of the on-disk format: never change one; add a new constant instead.
 * Immutable and thread-safe.
 */
public enum KeySpace {
  /** The shared pinset: CID bytes to protobuf Pin. */
  STATE("/s/"),
  /** CRDT consensus: DAG blocks of the Merkle-CRDT. */
  CRDT_BLOCKS("/b/"),
  /** CRDT consensus: the current heads of the DAG. */
  CRDT_HEADS("/h/"),
  /**
   * CRDT consensus: the replica derived from the merged blocks (causal context, live elements,
   * winners, kills, pending blocks, digests).
   */
  CRDT_REPLICA("/c/"),
  /** Known peers and their addresses. */
  PEERSTORE("/p/"),
  /** The pin tracker's local operation records. */
  TRACKER("/t/"),
  /** Raft consensus: the pinset applied from the Raft log and the index of the last entry. */
  RAFT("/r/");

  private final String prefix;

  KeySpace(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix as a string, for example {@code "/s/"}. */
  public String prefix() {
    return prefix;
  }

  /** The prefix as UTF-8 bytes; a new array on each call. */
  public byte[] prefixBytes() {
    return prefix.getBytes(StandardCharsets.UTF_8);
  }
}
