/**
 * The peer network: the peerstore file and the resolution of DNS peer addresses ({@code /dns4},
 * {@code /dnsaddr}, …) here; transport security in {@code net.tls} (TLS 1.3, identity-bound
 * certificates, admission by the cluster secret) and the cluster RPC in {@code net.rpc} (gRPC with
 * the closed / trusted / open access policy), gossip in {@code net.gossip}; discovery of peers on
 * the local network with mDNS ({@code MdnsDiscovery}) here; the block-list of peers this peer no
 * longer talks to ({@code BlockList}, peers removed from the cluster). See {@code
 * docs/peer-network.md}.
 */
package io.ipfscluster.net;
