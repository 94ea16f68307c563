package io.ipfscluster.components;

/**
 * A call to the IPFS node failed. The message is the original's: {@code IPFS error (<path>). Code:
 * N. Message: …} when the node answered with an error, {@code IPFS request failed (is it running?)
 * …} when it could not be reached.
 */
public class IpfsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IpfsException(String message) {
    super(message);
  }

  public IpfsException(String message, Throwable cause) {
    super(message, cause);
  }
}
