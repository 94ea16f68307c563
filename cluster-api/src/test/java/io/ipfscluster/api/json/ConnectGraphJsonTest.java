package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConnectGraphJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final PeerId I1 = PeerId.parse("QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc");
  private static final PeerId I2 = PeerId.parse("QmUZ13osndQ5uL4tPWHXe3iBgBgq9gfewcBMSCAuMBsDJ6");
  private static final PeerId C7 =
      PeerId.parse("12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M");
  private static final PeerId C8 =
      PeerId.parse("12D3KooWFBFCDQzAkQSwPZLV883pKdsmb6urQ3sMjfJHUxn5GCVv");

  private static ConnectGraph twoPeers() {
    TreeMap<PeerId, String> names = new TreeMap<>();
    names.put(C7, "alpha");
    names.put(C8, "beta");
    TreeMap<PeerId, List<PeerId>> ipfs = new TreeMap<>();
    ipfs.put(I1, List.of(I2));
    ipfs.put(I2, List.of());
    TreeMap<PeerId, List<PeerId>> cluster = new TreeMap<>();
    cluster.put(C7, List.of(C8));
    cluster.put(C8, List.of());
    TreeMap<PeerId, Boolean> trust = new TreeMap<>();
    trust.put(C7, true);
    trust.put(C8, false);
    TreeMap<PeerId, PeerId> toIpfs = new TreeMap<>();
    toIpfs.put(C7, I1);
    toIpfs.put(C8, I2);
    return new ConnectGraph(C7, names, ipfs, cluster, trust, toIpfs);
  }

  /** Replaces the placeholders {@code <C7>}, {@code <C8>}, {@code <I1>}, {@code <I2>}. */
  private static String expand(String template) {
    return template
        .replace("<C7>", C7.toString())
        .replace("<C8>", C8.toString())
        .replace("<I1>", I1.toString())
        .replace("<I2>", I2.toString());
  }

  @Test
  void write_twoPeers_sortsEveryMapByPeerId() throws Exception {
    assertThat(JSON.writeValueAsString(twoPeers()))
        .isEqualTo(
            expand(
                "{\"cluster_id\":\"<C7>\",\"id_to_peername\":{\"<C8>\":\"beta\",\"<C7>\":\"alpha\"},"
                    + "\"ipfs_links\":{\"<I2>\":[],\"<I1>\":[\"<I2>\"]},"
                    + "\"cluster_links\":{\"<C8>\":[],\"<C7>\":[\"<C8>\"]},"
                    + "\"cluster_trust_links\":{\"<C8>\":false,\"<C7>\":true},"
                    + "\"cluster_to_ipfs\":{\"<C8>\":\"<I2>\",\"<C7>\":\"<I1>\"}}"));
  }

  @Test
  void write_emptyGraph_writesEmptyObjects() throws Exception {
    assertThat(JSON.writeValueAsString(ConnectGraph.empty(null)))
        .isEqualTo(
            "{\"cluster_id\":\"\",\"id_to_peername\":{},\"ipfs_links\":{},\"cluster_links\":{},"
                + "\"cluster_trust_links\":{},\"cluster_to_ipfs\":{}}");
  }

  @Test
  void readThenWrite_roundTrips() throws Exception {
    assertThat(JSON.readValue(JSON.writeValueAsString(twoPeers()), ConnectGraph.class))
        .isEqualTo(twoPeers());
  }

  @Test
  void read_nullListsAndMaps_areEmpty() throws Exception {
    ConnectGraph g =
        JSON.readValue(
            "{\"cluster_links\":{\"" + C7 + "\":null},\"ipfs_links\":null}", ConnectGraph.class);

    assertThat(g.clusterLinks()).containsEntry(C7, List.of());
    assertThat(g.ipfsLinks()).isEmpty();
    assertThat(g.clusterId()).isNull();
  }
}
