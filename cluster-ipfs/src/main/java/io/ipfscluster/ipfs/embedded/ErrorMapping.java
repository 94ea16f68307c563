package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.blockstore.BlockstoreException;
import io.ipfscluster.ipfs.node.NodeException;
import io.ipfscluster.multiformats.MultiformatException;
import java.io.IOException;

/**
 * The one place that turns failures into kubo's error answers. kubo answers almost every failure
 * with HTTP 500 and code 0 ({@code ErrNormal}), and requests it cannot parse with HTTP 400 and code
 * 1 ({@code ErrClient}); so do we: 400 for malformed requests (missing arguments, bad option
 * values, malformed multipart bodies), 500 with the failure's message for the rest (pins, blocks, a
 * full repository, corrupt blocks, unsupported codecs, invalid CIDs).
 *
 * <p>Stateless and thread-safe.
 */
final class ErrorMapping {
  private ErrorMapping() {}

  static KuboError of(Throwable failure) {
    return switch (failure) {
      case KuboError error -> error;
      case MalformedMultipartException e -> KuboError.client(e.getMessage());
      case NodeException e -> KuboError.normal(e.getMessage());
      case BlockstoreException e -> KuboError.normal(e.getMessage());
      case MultiformatException e -> KuboError.normal(e.getMessage());
      case IllegalArgumentException e -> KuboError.normal(e.getMessage());
      case InterruptedException e -> KuboError.normal("context canceled");
      case IOException e -> KuboError.normal(String.valueOf(e.getMessage()));
      default -> KuboError.normal(failure.toString());
    };
  }

  /** Whether the failure is a bug or an environment problem worth a log line at WARN. */
  static boolean unexpected(Throwable failure) {
    return !(failure instanceof KuboError
        || failure instanceof MalformedMultipartException
        || failure instanceof NodeException
        || failure instanceof BlockstoreException
        || failure instanceof IllegalArgumentException
        || failure instanceof InterruptedException
        || failure instanceof IOException);
  }
}
