package io.ipfscluster.ipfs.embedded;

/**
 * A request body that should be {@code multipart/form-data} is not: no boundary, malformed part
 * headers, or a body that ends before its closing boundary (an upload cut short). Answered with
 * HTTP 400. Immutable and thread-safe.
 */
public final class MalformedMultipartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedMultipartException(String message) {
    super(message);
  }
}
