package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records whose JSON comes from Jackson annotations alone. */
class SmallRecordsJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String CID = "QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq";
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";

  private static <T> T roundTrip(T value, Class<T> type) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(value), type);
  }

  @Test
  void versionInfo_writesVersionObject_andRoundTrips() throws Exception {
    assertThat(JSON.writeValueAsString(new VersionInfo("1.1.6")))
        .isEqualTo("{\"version\":\"1.1.6\"}");
    assertThat(JSON.writeValueAsString(new VersionInfo(null))).isEqualTo("{\"version\":\"\"}");
    assertThat(roundTrip(new VersionInfo("1.1.6"), VersionInfo.class))
        .isEqualTo(new VersionInfo("1.1.6"));
  }

  @Test
  void apiError_writesCodeThenMessage_andRoundTrips() throws Exception {
    ApiError e = new ApiError(404, "pin not found");

    assertThat(JSON.writeValueAsString(e))
        .isEqualTo("{\"code\":404,\"message\":\"pin not found\"}");
    assertThat(JSON.writeValueAsString(new ApiError(0, null)))
        .isEqualTo("{\"code\":0,\"message\":\"\"}");
    assertThat(roundTrip(e, ApiError.class)).isEqualTo(e);
  }

  @Test
  void ipfsRepoStat_usesIpfsFieldNames_andRoundTrips() throws Exception {
    IpfsRepoStat s = new IpfsRepoStat(1024, 10_000_000_000L);

    assertThat(JSON.writeValueAsString(s))
        .isEqualTo("{\"RepoSize\":1024,\"StorageMax\":10000000000}");
    assertThat(JSON.writeValueAsString(new IpfsRepoStat(0, 0)))
        .isEqualTo("{\"RepoSize\":0,\"StorageMax\":0}");
    assertThat(roundTrip(s, IpfsRepoStat.class)).isEqualTo(s);
  }

  @Test
  void ipfsPinInfo_writesTypeName_orEmptyForBug() throws Exception {
    IpfsPinInfo recursive = new IpfsPinInfo(Cid.parse(CID), IpfsPinStatus.RECURSIVE);

    assertThat(JSON.writeValueAsString(recursive))
        .isEqualTo("{\"Cid\":\"" + CID + "\",\"Type\":\"recursive\"}");
    assertThat(JSON.writeValueAsString(new IpfsPinInfo(Cid.parse(CID), null)))
        .isEqualTo("{\"Cid\":\"" + CID + "\",\"Type\":\"\"}");
    assertThat(roundTrip(recursive, IpfsPinInfo.class)).isEqualTo(recursive);
  }

  @Test
  void ipfsPinInfo_readsIpfsTypesByPrefix() throws Exception {
    IpfsPinInfo info =
        JSON.readValue(
            "{\"Cid\":\"" + CID + "\",\"Type\":\"indirect through " + CID + "\"}",
            IpfsPinInfo.class);

    assertThat(info.type()).isEqualTo(IpfsPinStatus.INDIRECT);
  }

  @Test
  void addedOutput_finalLine_leavesOutBytes() throws Exception {
    AddedOutput out =
        new AddedOutput("dir/file.txt", Cid.parse(CID), 0, 1234, List.of(PeerId.parse(P7)));

    assertThat(JSON.writeValueAsString(out))
        .isEqualTo(
            "{\"name\":\"dir/file.txt\",\"cid\":\""
                + CID
                + "\",\"size\":1234,\"allocations\":[\""
                + P7
                + "\"]}");
    assertThat(roundTrip(out, AddedOutput.class)).isEqualTo(out);
  }

  @Test
  void addedOutput_progressAndZeroLines_leaveOutEmptyFields() throws Exception {
    assertThat(JSON.writeValueAsString(AddedOutput.progress("f", 262144)))
        .isEqualTo("{\"name\":\"f\",\"cid\":null,\"bytes\":262144}");
    assertThat(JSON.writeValueAsString(new AddedOutput(null, null, 0, 0, null)))
        .isEqualTo("{\"name\":\"\",\"cid\":null}");
    assertThat(roundTrip(AddedOutput.progress("f", 1), AddedOutput.class))
        .isEqualTo(AddedOutput.progress("f", 1));
  }
}
