/**
 * The embedded IPFS node's logic over its repository folder: {@link
 * io.ipfscluster.ipfs.node.IpfsNode} (blockstore, pins, identity, garbage collection), {@link
 * io.ipfscluster.ipfs.node.Pinner} (recursive, direct and indirect pins), {@link
 * io.ipfscluster.ipfs.node.BlockImport} (all-or-nothing imports) and {@link
 * io.ipfscluster.ipfs.node.BlockSource}, where the node asks for blocks it lacks.
 *
 * <p>Crash safety in one line: a block is complete under its name before anything refers to it, and
 * a pin is recorded only after every block it needs is stored and synced; so after a crash at any
 * point every pin's DAG is whole, and what is left over is at worst unpinned blocks that {@code
 * repo/gc} removes.
 *
 * <p>Expected failures are {@link io.ipfscluster.ipfs.node.NodeException}s and {@link
 * io.ipfscluster.ipfs.blockstore.BlockstoreException}s; malformed blocks surface as {@link
 * io.ipfscluster.ipfs.ipld.IpldException}.
 */
package io.ipfscluster.ipfs.node;
