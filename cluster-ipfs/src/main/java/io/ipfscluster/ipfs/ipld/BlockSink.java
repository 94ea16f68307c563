package io.ipfscluster.ipfs.ipld;

import io.ipfscluster.components.Block;
import java.io.IOException;

/**
 * Where an importer puts the blocks it makes: a blockstore, a network stream, memory, or nowhere.
 *
 * <p>{@link #accept} receives each block once per import, children before the parents that link to
 * them, and owns the block's array afterwards (the importer never changes it). An import calls its
 * sink from one thread at a time; implementations shared between imports must be thread-safe.
 */
@FunctionalInterface
public interface BlockSink {

  /**
   * Takes one block.
   *
   * @throws IOException if the block could not be stored; the import stops with this exception
   */
  void accept(Block block) throws IOException;

  /** A sink that drops every block (for computing CIDs only). Thread-safe. */
  static BlockSink discard() {
    return block -> {};
  }
}
