/**
 * The cluster RPC between peers (spec §1.4): gRPC over the peer network's mutual TLS ({@link
 * io.ipfscluster.net.tls.PeerTls}). {@link io.ipfscluster.net.rpc.PeerRpcServer} serves the local
 * components under the access policy of {@link io.ipfscluster.net.rpc.RpcPolicy}; {@link
 * io.ipfscluster.net.rpc.PeerChannels} dials peers, and the {@code Remote…} classes present a
 * remote peer's components as the Java component interfaces. {@link
 * io.ipfscluster.net.rpc.RpcGossipTransport} carries the gossip router's frames on one {@code
 * PubSub.Connect} stream per pair of peers. The messages and stubs are generated from {@code
 * src/main/proto/peer_rpc.proto} into {@code io.ipfscluster.net.rpc.wire}.
 */
package io.ipfscluster.net.rpc;
