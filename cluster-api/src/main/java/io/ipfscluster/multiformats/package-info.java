/**
 * The multiformats this project needs, written here because none is published on Maven Central:
 * unsigned varints, multibase, multihash, CIDs, libp2p peer IDs and multiaddrs.
 *
 * <p>Every type is an immutable value; parsing rejects malformed input with a {@link
 * io.ipfscluster.multiformats.MultiformatException} whose message names the input. The specs are at
 * github.com/multiformats (unsigned-varint, multibase, multihash, multiaddr, cid) and
 * github.com/libp2p/specs (peer-ids).
 */
package io.ipfscluster.multiformats;
