/** The peer's identity: its Ed25519 key pair, its peer ID, and the {@code identity.json} file. */
package io.ipfscluster.identity;
