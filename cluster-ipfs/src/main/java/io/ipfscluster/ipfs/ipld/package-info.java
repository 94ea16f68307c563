/**
 * IPLD block codecs: dag-pb ({@link io.ipfscluster.ipfs.ipld.PbNode}), raw, the dag-cbor subset
 * this project needs ({@link io.ipfscluster.ipfs.ipld.DagCbor}), the UnixFS {@code Data} message
 * ({@link io.ipfscluster.ipfs.ipld.UnixfsData}), and CAR files ({@link
 * io.ipfscluster.ipfs.ipld.CarReader}, {@link io.ipfscluster.ipfs.ipld.CarWriter}).
 *
 * <p>Encoders write the canonical form (the one kubo writes, so CIDs agree); decoders are strict
 * and reject malformed input with an {@link io.ipfscluster.ipfs.ipld.IpldException} naming the byte
 * offset or the CID at fault. Blocks flow to a {@link io.ipfscluster.ipfs.ipld.BlockSink}.
 *
 * <p>Specs: ipld.io/specs/codecs/dag-pb, ipld.io/specs/codecs/dag-cbor, specs.ipfs.tech/unixfs and
 * ipld.io/specs/transport/car (carv1, carv2).
 */
package io.ipfscluster.ipfs.ipld;
