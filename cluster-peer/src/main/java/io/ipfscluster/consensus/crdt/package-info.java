/**
 * The Merkle-CRDT consensus (spec §8.7, design §5, research/crdt-design.md §4): the pinset is an
 * add-wins observed-remove set of (key, dot) elements, written as signed, content-addressed blocks
 * that link the heads they were written on.
 *
 * <ul>
 *   <li>{@link io.ipfscluster.consensus.crdt.BlockCodec}, {@link
 *       io.ipfscluster.consensus.crdt.Delta}, {@link io.ipfscluster.consensus.crdt.DeltaBlock}: the
 *       block format (canonical protobuf, CIDv1 raw sha2-256, Ed25519-signed, ≤ 1 MiB);
 *   <li>{@code CrdtReplica} and {@code Merge}: the replica kept in the datastore (causal context,
 *       live elements, winners, kills, heads, pending blocks, digests), one atomic batch per merge;
 *   <li>{@link io.ipfscluster.consensus.crdt.CrdtConsensus}: the {@code Consensus} with group
 *       commit; {@link io.ipfscluster.consensus.crdt.CrdtState}: the same replica as a {@code
 *       State}, for the offline {@code state} commands;
 *   <li>{@link io.ipfscluster.consensus.crdt.HeadAnnouncer} and {@link
 *       io.ipfscluster.consensus.crdt.BlockFetcher}: where the network sync plugs in; {@code
 *       DagSync}: one sync, by {@link io.ipfscluster.consensus.crdt.DotRange}s then by CID; the
 *       subpackage {@code sync}: the gossip and RPC side.
 * </ul>
 */
package io.ipfscluster.consensus.crdt;
