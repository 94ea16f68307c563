package io.ipfscluster.ipfs.unixfs;

/**
 * The shape of a file's DAG, as kubo's {@code --trickle} chooses it.
 *
 * <p>Thread-safe: an enum.
 */
public enum Layout {
  /** Full nodes of up to {@code maxLinks} children, all leaves at the same depth (kubo default). */
  BALANCED,
  /** kubo's trickle DAG, suited to appending and streaming playback. */
  TRICKLE
}
