/**
 * The network side of the CRDT consensus: {@link
 * io.ipfscluster.consensus.crdt.sync.CrdtBroadcaster} announces this peer's heads on the cluster's
 * CRDT gossip topic ({@link io.ipfscluster.consensus.crdt.sync.CrdtTopic}), in the encoding of
 * {@link io.ipfscluster.consensus.crdt.sync.HeadsCodec}, and syncs from the peers it hears of new
 * heads, fetching their blocks over the peer RPC.
 */
package io.ipfscluster.consensus.crdt.sync;
