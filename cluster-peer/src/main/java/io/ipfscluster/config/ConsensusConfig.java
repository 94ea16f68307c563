package io.ipfscluster.config;

/**
 * The {@code consensus} section: exactly one of {@link CrdtConfig} ({@code consensus.crdt}) or
 * {@link RaftConfig} ({@code consensus.raft}).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ConsensusConfig permits CrdtConfig, RaftConfig {
  /** The section key: {@code "crdt"} or {@code "raft"}. */
  String key();
}
