package io.ipfscluster.rest;

import io.ipfscluster.components.ClusterException;

/**
 * The one place that turns a failure into the status and message of an error answer, by the
 * original's rule: an {@link ApiException} carries its status; otherwise 404 when the message is
 * {@value ClusterException#NOT_IN_PINSET} and 500 for everything else, whatever the {@link
 * ClusterException.Kind}.
 */
final class ErrorStatus {
  private ErrorStatus() {}

  static int of(Throwable error) {
    if (error instanceof ApiException e) {
      return e.status();
    }
    return ClusterException.NOT_IN_PINSET.equals(error.getMessage()) ? 404 : 500;
  }

  /** The text of the error JSON's message: the exception's message, or its class when none. */
  static String message(Throwable error) {
    String m = error.getMessage();
    return m != null ? m : error.getClass().getName();
  }
}
