package io.ipfscluster.consensus.crdt.sync;

import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The gossip topic of a cluster's CRDT heads (spec §1.5): the base58btc text of the MD5 multihash
 * of {@code cluster_name}, so that {@code ipfs-cluster} gives {@code fzhnp2UwTBkgNabrJi1VanzwgN}.
 * Peers of clusters with different names do not hear each other's heads.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrdtTopic {
  /** The multihash code of MD5. */
  static final int MD5 = 0xd5;

  private CrdtTopic() {}

  /** The topic of the cluster named {@code clusterName}. */
  public static String of(String clusterName) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(clusterName.getBytes(StandardCharsets.UTF_8));
      return Multihash.of(MD5, digest).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
