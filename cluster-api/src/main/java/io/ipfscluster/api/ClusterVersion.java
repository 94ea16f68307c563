package io.ipfscluster.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build, as the programs and the API report it ({@code x.y.z}, without a {@code
 * -SNAPSHOT} suffix, so scripts that parse the original's version keep working).
 *
 * <p>Thread-safe: the value is read once.
 */
public final class ClusterVersion {
  private static final String VERSION = load();

  private ClusterVersion() {}

  /** Returns the version of this build, for example {@code 0.1.0}. */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    Properties props = new Properties();
    try (InputStream in = ClusterVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the cluster-api jar");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty("version").replace("-SNAPSHOT", "");
  }
}
