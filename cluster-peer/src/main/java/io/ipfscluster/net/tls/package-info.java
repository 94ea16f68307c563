/**
 * The peer network's transport security: TLS 1.3 with mutual authentication, certificates bound to
 * each peer's Ed25519 identity key, and admission tied to the cluster secret. {@link
 * io.ipfscluster.net.tls.PeerTls} is the entry point; {@code docs/peer-network.md} explains the
 * construction.
 */
package io.ipfscluster.net.tls;
