package io.ipfscluster.ipfs.http;

import java.time.Duration;

/**
 * How long one call may take, and the setting that says so (named in timeout errors).
 *
 * @param setting the key in {@code ipfs_connector.ipfshttp}, for example {@code
 *     ipfs_request_timeout}
 * @param duration the limit; zero means none
 * @param idleOnly whether the limit is on silence (no bytes either way) rather than on the whole
 *     call, for long streams such as {@code block/put}
 */
record CallLimit(String setting, Duration duration, boolean idleOnly) {

  static CallLimit total(String setting, Duration duration) {
    return new CallLimit(setting, duration, false);
  }

  static CallLimit idle(String setting, Duration duration) {
    return new CallLimit(setting, duration, true);
  }

  /** No limit at all: the caller cancels the call itself. */
  static CallLimit none(String setting) {
    return new CallLimit(setting, Duration.ZERO, false);
  }

  boolean unlimited() {
    return duration.isZero();
  }

  /** The configuration path of the setting. */
  String path() {
    return IpfsHttpSettings.SECTION + "." + setting;
  }
}
