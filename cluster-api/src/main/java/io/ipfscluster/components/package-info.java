/**
 * The roles a cluster peer is made of, as interfaces: the whole architecture on one screen.
 * Implementations are named by strategy ({@code IpfsHttpConnector}, {@code CrdtConsensus}, …) and
 * wired in one composition root; across peers a typed RPC client implements the same interfaces.
 */
package io.ipfscluster.components;
