package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RepoGcJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";
  private static final String P8 = "12D3KooWFBFCDQzAkQSwPZLV883pKdsmb6urQ3sMjfJHUxn5GCVv";

  private static RepoGc alpha() {
    return new RepoGc(
        PeerId.parse(P7),
        "alpha",
        List.of(RepoGcKey.removed(Cid.parse(CID)), RepoGcKey.failed("blockstore: locked")),
        "");
  }

  private static final String ALPHA =
      "{\"peer\":\""
          + P7
          + "\",\"peername\":\"alpha\",\"keys\":[{\"key\":\""
          + CID
          + "\"},{\"key\":null,\"error\":\"blockstore: locked\"}]}";

  private static final String BETA =
      "{\"peer\":\""
          + P8
          + "\",\"peername\":\"beta\",\"keys\":null,\"error\":\"context deadline exceeded\"}";

  private static GlobalRepoGc global() {
    TreeMap<PeerId, RepoGc> peers = new TreeMap<>();
    peers.put(PeerId.parse(P7), alpha());
    peers.put(
        PeerId.parse(P8), RepoGc.failed(PeerId.parse(P8), "beta", "context deadline exceeded"));
    return new GlobalRepoGc(peers);
  }

  @Test
  void write_keysAndErrorLines_matchOriginalBytes() throws Exception {
    assertThat(JSON.writeValueAsString(alpha())).isEqualTo(ALPHA);
  }

  @Test
  void write_zeroValue_writesNullKeysAndNoError() throws Exception {
    assertThat(JSON.writeValueAsString(new RepoGc(null, null, null, null)))
        .isEqualTo("{\"peer\":\"\",\"peername\":\"\",\"keys\":null}");
  }

  @Test
  void write_global_sortsPeers() throws Exception {
    assertThat(JSON.writeValueAsString(global()))
        .isEqualTo("{\"peer_map\":{\"" + P8 + "\":" + BETA + ",\"" + P7 + "\":" + ALPHA + "}}");
  }

  @Test
  void write_emptyGlobal_writesEmptyObject() throws Exception {
    assertThat(JSON.writeValueAsString(new GlobalRepoGc(null))).isEqualTo("{\"peer_map\":{}}");
  }

  @Test
  void readThenWrite_global_roundTrips() throws Exception {
    assertThat(JSON.readValue(JSON.writeValueAsString(global()), GlobalRepoGc.class))
        .isEqualTo(global());
  }

  @Test
  void read_lineWithNeitherKeyNorError_isRejected() {
    assertThatThrownBy(() -> JSON.readValue("{\"keys\":[{\"key\":null}]}", RepoGc.class))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("field \"key\"");
  }
}
