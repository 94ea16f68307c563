package io.ipfscluster.cli;

import io.ipfscluster.api.ClusterVersion;
import picocli.CommandLine;

/** Prints {@code <program> version x.y.z} for {@code --version}, as the original does. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"${ROOT-COMMAND-NAME} version " + ClusterVersion.current()};
  }
}
