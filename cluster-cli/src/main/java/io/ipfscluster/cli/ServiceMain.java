package io.ipfscluster.cli;

/** Entry point of {@code ipfs-cluster-service}. */
public final class ServiceMain {
  private ServiceMain() {}

  public static void main(String[] args) {
    System.out.println(io.ipfscluster.api.ClusterVersion.current());
  }
}
