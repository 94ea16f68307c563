/** The peer network: for now the peerstore file; transport, RPC, gossip and discovery follow. */
package io.ipfscluster.net;
