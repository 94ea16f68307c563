package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.Bandwidth;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BandwidthJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();

  @Test
  void bandwidthByProtocol_writesGoFloats_inProtocolOrder_andRoundTrips() throws Exception {
    Map<String, Bandwidth> byProtocol = new TreeMap<>();
    byProtocol.put("/ipfscluster/1.0/rpc", new Bandwidth(2048, 1024, 12.5, 0));
    byProtocol.put("/floodsub/1.0.0", new Bandwidth(0, 7, 3, 1e-7));

    String json = JSON.writeValueAsString(byProtocol);

    assertThat(json)
        .isEqualTo(
            "{\"/floodsub/1.0.0\":{\"total_in\":0,\"total_out\":7,\"rate_in\":3,\"rate_out\":1e-7},"
                + "\"/ipfscluster/1.0/rpc\":{\"total_in\":2048,\"total_out\":1024,"
                + "\"rate_in\":12.5,\"rate_out\":0}}");
    assertThat(JSON.readValue(json, new TypeReference<Map<String, Bandwidth>>() {}))
        .isEqualTo(byProtocol);
  }

  /** Expected texts are what Go's json.Marshal writes for the same float64. */
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1, 1",
    "-2.5, -2.5",
    "1234567.125, 1234567.125",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
    "0.00000012345, 1.2345e-7",
    "1e20, 100000000000000000000",
    "1e21, 1e+21",
    "1.5e300, 1.5e+300",
    "3e-300, 3e-300",
    "0.1, 0.1",
  })
  void goFloat_writesLikeGoEncodingJson(double value, String expected) {
    assertThat(BandwidthJson.goFloat(value)).isEqualTo(expected);
  }
}
