package io.ipfscluster.components;

import java.time.Duration;
import java.util.Objects;

/**
 * A call to the IPFS node ran out of time: the node did not answer within the configured timeout,
 * or, for a pin, fetched nothing new for {@code pin_timeout}. It names the setting to raise when
 * the node is merely slow.
 *
 * <p>Immutable and thread-safe.
 */
public class IpfsTimeoutException extends IpfsException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final transient Duration timeout;

  /**
   * @param message what timed out, for people
   * @param setting the configuration path of the timeout, for example {@code
   *     ipfs_connector.ipfshttp.pin_timeout}
   * @param timeout the timeout that passed
   * @param cause the underlying failure, or null
   */
  public IpfsTimeoutException(String message, String setting, Duration timeout, Throwable cause) {
    super(message, cause);
    this.setting = Objects.requireNonNull(setting, "setting");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The configuration path of the timeout that passed. */
  public String setting() {
    return setting;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
