/**
 * Where the embedded IPFS node keeps its blocks: {@link io.ipfscluster.ipfs.blockstore.Blockstore},
 * with two layouts on disk: {@link io.ipfscluster.ipfs.blockstore.PackBlockstore} (the default:
 * blocks appended to large pack files, indexed in RocksDB) and {@link
 * io.ipfscluster.ipfs.blockstore.FlatFsBlockstore} (kubo's flatfs, one file per block); and {@link
 * io.ipfscluster.ipfs.blockstore.ParallelBlockWriter}, the importer's {@code BlockSink}, which
 * writes many blocks at once.
 *
 * <p>Blocks are keyed by multihash, so the CIDv0 and CIDv1 of the same bytes share one block. A
 * block is never visible half-written, and is durable once {@link
 * io.ipfscluster.ipfs.blockstore.Blockstore#sync()} returns. Failures the caller can act on are
 * {@link io.ipfscluster.ipfs.blockstore.BlockstoreException}s: a full repository, a block whose
 * bytes do not match its hash, or an I/O error.
 */
package io.ipfscluster.ipfs.blockstore;
