/**
 * The UnixFS importer: files and directories in, the DAG and CIDs kubo's {@code ipfs add} makes
 * out. {@link io.ipfscluster.ipfs.unixfs.UnixfsImporter} takes {@link
 * io.ipfscluster.ipfs.unixfs.ImportEntry ImportEntry}s (from a multipart body, or from {@link
 * io.ipfscluster.ipfs.unixfs.LocalFiles} for local paths) with {@link
 * io.ipfscluster.ipfs.unixfs.ImportOptions} (built from a cluster {@code AddParams} by {@code
 * fromAddParams}), writes blocks to a {@link io.ipfscluster.ipfs.ipld.BlockSink} and reports {@code
 * AddedOutput}s. {@link io.ipfscluster.ipfs.unixfs.CarImporter} is the {@code format=car}
 * alternative.
 *
 * <p>Inside: chunkers ({@code size-N}, kubo's Rabin and buzhash), the balanced and trickle layouts,
 * and basic and HAMT-sharded directories, each following boxo's algorithm (the class comments
 * restate them). Files stream: memory does not grow with file size.
 */
package io.ipfscluster.ipfs.unixfs;
