/**
 * The IPFS side of a peer: IPLD codecs, the UnixFS importer, the blockstore, the kubo RPC client
 * ({@code IpfsHttpConnector}) and the embedded IPFS node that serves the kubo RPC subset.
 */
package io.ipfscluster.ipfs;
