package io.ipfscluster.datastore;

/**
 * Thrown when the datastore itself fails: an I/O error, a full disk, corruption, or a folder locked
 * by another process. The message names the operation and the store's location; the underlying
 * error is kept as the cause.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class DatastoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, naming the operation and the store's location
   * @param cause the underlying error, or {@code null} if there is none
   */
  public DatastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
