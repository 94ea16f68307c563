/**
 * Gossip publish/subscribe among cluster peers: signed messages on topics, spread along a bounded
 * mesh per topic with lazy IHAVE/IWANT repair (gossipsub's design). {@link
 * io.ipfscluster.net.gossip.GossipRouter} is the engine; it reaches its neighbours only through
 * {@link io.ipfscluster.net.gossip.GossipTransport}, which the peer network implements over its
 * authenticated connections ({@code io.ipfscluster.net.rpc.RpcGossipTransport}) and {@link
 * io.ipfscluster.net.gossip.InProcessGossipNetwork} implements in memory for many peers in one JVM.
 */
package io.ipfscluster.net.gossip;
