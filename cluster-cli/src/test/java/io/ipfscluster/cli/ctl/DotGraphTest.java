package io.ipfscluster.cli.ctl;

import static io.ipfscluster.cli.ctl.CtlRunner.golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.json.ClusterJson;
import org.junit.jupiter.api.Test;

/** The dot output against the original's own test vectors (cmd/ipfs-cluster-ctl/graph_test.go). */
class DotGraphTest {
  private static final String P1 = "QmUBuxVHoNNjfmNpTad36UeaFQv3gXAtCv9r6KhmeqhEhD";
  private static final String P2 = "QmV35LjbEGPfN7KfMAJp43VV2enwXqqQf5esx4vUcgHDQJ";
  private static final String P3 = "QmZ2ckU7G35MYyJgMTwMUnicsGqSy3YUxGBX7qny6MQmJu";
  private static final String P4 = "QmXbiVZd93SLiu9TAm21F2y9JwGiFLydbEVkPBaMR3DZDV";
  private static final String P5 = "QmPFKAGZbUjdzt8BBx8VTWCe9UeUQVcoqHFehSPzN5LSsq";
  private static final String P6 = "QmbU7273zH6jxwDe2nqRmEm2rp5PpqP2xeQr2xCmwbBsuL";
  private static final String P7 = "QmQsdAdCHs4PRLi5tcoLfasYppryqQENxgAy4b2aS8xccb";
  private static final String P8 = "QmVV2enwXqqQf5esx4v36UeaFQvFehSPzNfi8aaaaaanM8";
  private static final String P9 = "QmfCHNQ2vbUmAuJZhE2hEpgiJq4sL1XScWEKnUrVtWZdeD";

  private static ConnectGraph graph(String ipfsLinks) throws Exception {
    String json =
        ("{\"cluster_id\":\"P1\",\"cluster_links\":{\"P1\":[\"P2\",\"P3\"],\"P2\":[\"P1\",\"P3\"],"
                + "\"P3\":[\"P1\",\"P2\"]},\"ipfs_links\":"
                + ipfsLinks
                + ",\"cluster_to_ipfs\":{\"P1\":\"P4\",\"P2\":\"P5\",\"P3\":\"P6\"}}")
            .replace("P1", P1)
            .replace("P2", P2)
            .replace("P3", P3)
            .replace("P4", P4)
            .replace("P5", P5)
            .replace("P6", P6)
            .replace("P7", P7)
            .replace("P8", P8)
            .replace("P9", P9);
    return ClusterJson.mapper().readValue(json, ConnectGraph.class);
  }

  @Test
  void simpleGraph_matchesTheOriginal() throws Exception {
    ConnectGraph g =
        graph("{\"P4\":[\"P5\",\"P6\"],\"P5\":[\"P4\",\"P6\"],\"P6\":[\"P4\",\"P5\"]}");

    assertThat(DotGraph.of(g, false)).isEqualTo(golden("graph-simple.dot"));
  }

  @Test
  void allIpfsPeers_matchesTheOriginal() throws Exception {
    ConnectGraph g =
        graph(
            "{\"P4\":[\"P5\",\"P6\",\"P7\",\"P8\",\"P9\"],\"P5\":[\"P4\",\"P6\",\"P7\",\"P8\",\"P9\"],"
                + "\"P6\":[\"P4\",\"P5\",\"P7\",\"P8\",\"P9\"]}");

    assertThat(DotGraph.of(g, true)).isEqualTo(golden("graph-all.dot"));
  }

  @Test
  void peerWithoutIpfs_getsAnErroredNode_andADottedEdge() throws Exception {
    String json =
        ("{\"cluster_id\":\"P1\",\"id_to_peername\":{\"P1\":\"one\"},"
                + "\"cluster_links\":{\"P1\":[\"P2\"],\"P2\":[\"P1\"]},"
                + "\"cluster_trust_links\":{\"P2\":true},\"ipfs_links\":{\"P4\":[]},"
                + "\"cluster_to_ipfs\":{\"P1\":\"P4\"}}")
            .replace("P1", P1)
            .replace("P2", P2)
            .replace("P4", P4);

    String dot = DotGraph.of(ClusterJson.mapper().readValue(json, ConnectGraph.class), false);

    assertThat(dot)
        .contains("C0 [label=< <B> one </B> <BR/> <B> Qm*eqhEhD </B> >")
        .contains(
            "T1 [label=< <B>  </B> <BR/> <B> Qm*cgHDQJ </B> > group=\""
                + P2
                + "\" color=\"orange\"")
        .contains(
            "I1 [label=< <B> IPFS </B> <BR/> <B> Errored </B> > group=\""
                + P2
                + "\" color=\"firebrick1\"")
        .contains("C0 -> T1\nT1 -> C0\n")
        .contains("C0 -> I0\nT1 -> I1 [ style=\"dotted\" ]\n");
  }
}
