package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.components.IpfsException;

/**
 * Turns the node's failures into the {@link IpfsException}s {@code IpfsHttpConnector} throws for
 * the same failures over HTTP: {@code IPFS error (<call>). Code: <status>. Message: <message>},
 * with the status and message {@link ErrorMapping} gives the HTTP answer (or 200 and the first line
 * when the answer had begun streaming, as a failure in the {@code X-Stream-Error} trailer reads).
 *
 * <p>Stateless and thread-safe.
 */
final class Failures {
  private Failures() {}

  /**
   * The connector's exception for {@code failure} of the call {@code path}.
   *
   * @param streamed whether the HTTP answer would have begun before the failure
   */
  static IpfsException of(String path, Throwable failure, boolean streamed) {
    if (failure instanceof IpfsException known) {
      return known;
    }
    KuboError error = ErrorMapping.of(failure);
    String message = error.getMessage() == null ? "error" : error.getMessage();
    if (streamed) {
      int nl = message.indexOf('\n');
      message = nl < 0 ? message : message.substring(0, nl);
    }
    int status = streamed ? 200 : error.status();
    return new IpfsException(
        "IPFS error (" + path + "). Code: " + status + ". Message: " + message, failure);
  }

  /** A GC that failed part way: over HTTP, kubo's summary in the stream's trailer. */
  static IpfsException gcFailed(String path, Throwable cause) {
    return new IpfsException(
        "IPFS error (" + path + "). Code: 200. Message: encountered errors during gc run", cause);
  }
}
