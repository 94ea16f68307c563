package io.ipfscluster.config;

import java.util.Optional;

/**
 * A configuration that cannot be used: a value that fails validation, a file that is not JSON, an
 * environment variable that does not parse, or a source that cannot be fetched. The message names
 * the JSON path (for example {@code cluster.connection_manager.low_water}) or the file, and the bad
 * value.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  private ConfigException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** A failure that is not about one key, such as an unreadable file; keeps the cause. */
  public ConfigException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /**
   * A value that fails validation: {@code "<path> is invalid: <reason> (got <value>)"}; a null
   * value leaves out the {@code (got …)} part, for values the reason already names or that must not
   * be printed.
   */
  static ConfigException invalid(String path, String reason, Object value) {
    return new ConfigException(path, path + " is invalid: " + reason + got(value), null);
  }

  /** An environment variable whose text does not parse as the type of the key it sets. */
  static ConfigException invalidEnv(String variable, String path, String reason, String text) {
    return new ConfigException(
        path, variable + " (" + path + ") is invalid: " + reason + got(text), null);
  }

  /** The JSON path of the offending key, when the failure is about one key. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  private static String got(Object value) {
    if (value == null) {
      return "";
    }
    return " (got " + (value instanceof String s ? '"' + s + '"' : value) + ")";
  }
}
