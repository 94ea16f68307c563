package io.ipfscluster.ipfs.unixfs;

import java.io.IOException;

/**
 * Splits a byte stream into the chunks that become a file's leaves.
 *
 * <p>Not thread-safe: one chunker reads one stream.
 */
interface Chunker {

  /** The next chunk, a fresh array the caller owns, or null after the last one. Never empty. */
  byte[] next() throws IOException;

  /** The bytes read from the stream so far (for progress reports). */
  long bytesRead();
}
