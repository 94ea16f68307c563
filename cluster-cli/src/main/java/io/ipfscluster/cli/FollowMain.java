package io.ipfscluster.cli;

/** Entry point of {@code ipfs-cluster-follow}. */
public final class FollowMain {
  private FollowMain() {}

  public static void main(String[] args) {
    System.out.println(io.ipfscluster.api.ClusterVersion.current());
  }
}
