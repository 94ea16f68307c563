/**
 * The Raft consensus on Apache Ratis (spec §8.8, design §5, docs/raft.md).
 *
 * <ul>
 *   <li>{@link io.ipfscluster.consensus.raft.RaftConsensus}: the {@code Consensus}: group commit of
 *       writes into Ratis log entries, leader redirection by the Ratis client, membership changes;
 *   <li>{@code PinStateMachine}: applies entries to the pinset in the datastore, calls the hooks,
 *       takes and loads snapshots (state exports);
 *   <li>{@code LogEntry}: the log entry format; {@code EntryBatcher}: the group commit; {@code
 *       RaftSettings}: how the {@code consensus.raft} keys map onto Ratis settings;
 *   <li>{@link io.ipfscluster.consensus.raft.PeerAddresses}: where members' Raft endpoints listen;
 *   <li>{@code RaftTls}, {@code MemberTrustManager}, {@code RaftMembers}: TLS on all Raft traffic,
 *       with the peer network's certificates and secret plus a group membership check.
 * </ul>
 */
package io.ipfscluster.consensus.raft;
