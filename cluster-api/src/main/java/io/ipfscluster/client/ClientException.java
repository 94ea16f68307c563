package io.ipfscluster.client;

import io.ipfscluster.api.ApiError;

/**
 * A request to the cluster's REST API failed. Like the original's {@code api.Error}, every failure
 * has a code and a message: the HTTP status code when the API answered with an error, 0 when it
 * gave no answer.
 *
 * <p>Unchecked; thrown by every {@link ClusterClient} call and by the iterators of {@link
 * ResultStream}.
 */
public abstract sealed class ClientException extends RuntimeException
    permits ApiException, TransportException, RequestTimeoutException {
  private static final long serialVersionUID = 1L;

  ClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The HTTP status code of the error answer, or 0 when the API did not answer. */
  public abstract int code();

  /** The error as the API's JSON carries it: {@code {"code": …, "message": …}}. */
  public ApiError toApiError() {
    return new ApiError(code(), getMessage());
  }
}
