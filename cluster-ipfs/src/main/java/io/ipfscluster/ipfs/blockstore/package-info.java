/**
 * Where the embedded IPFS node keeps its blocks: {@link io.ipfscluster.ipfs.blockstore.Blockstore},
 * kept on disk one file per block by {@link io.ipfscluster.ipfs.blockstore.FlatFsBlockstore}, and
 * {@link io.ipfscluster.ipfs.blockstore.ParallelBlockWriter}, which writes many blocks at once for
 * the importer.
 *
 * <p>Blocks are keyed by multihash, so the CIDv0 and CIDv1 of the same bytes share one block.
 * Failures the caller can act on are {@link io.ipfscluster.ipfs.blockstore.BlockstoreException}s: a
 * full repository, a block whose bytes do not match its hash, or an I/O error.
 */
package io.ipfscluster.ipfs.blockstore;
