package io.ipfscluster.ipfs.embedded;

/** One command of the kubo RPC API, such as {@code pin/add}. Implementations are thread-safe. */
@FunctionalInterface
interface Command {
  /**
   * Runs the command and answers through {@code call}. Exceptions are mapped to kubo's error answer
   * by {@link ErrorMapping}.
   */
  void run(Call call) throws Exception;
}
