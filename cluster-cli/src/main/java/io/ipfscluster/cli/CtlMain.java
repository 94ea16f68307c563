package io.ipfscluster.cli;

/** Entry point of {@code ipfs-cluster-ctl}. */
public final class CtlMain {
  private CtlMain() {}

  public static void main(String[] args) {
    System.out.println(io.ipfscluster.api.ClusterVersion.current());
  }
}
