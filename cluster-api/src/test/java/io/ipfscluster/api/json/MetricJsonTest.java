package io.ipfscluster.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricJsonTest {
  private static final ObjectMapper JSON = ClusterJson.mapper();
  private static final String P7 = "12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M";

  private static Metric freespace() {
    return new Metric(
        "freespace",
        PeerId.parse(P7),
        "1024",
        1715000000123456789L,
        true,
        1024,
        false,
        1714999990000000000L);
  }

  private static final String FREESPACE_FIELDS =
      "\"name\":\"freespace\",\"peer\":\""
          + P7
          + "\",\"value\":\"1024\",\"expire\":1715000000123456789,\"valid\":true,"
          + "\"weight\":1024,\"partitionable\":false,\"received_at\":1714999990000000000";

  @Test
  void write_metric_matchesOriginalBytes() throws Exception {
    assertThat(JSON.writeValueAsString(freespace())).isEqualTo("{" + FREESPACE_FIELDS + "}");
  }

  @Test
  void write_zeroMetric_writesEmptyPeer() throws Exception {
    assertThat(JSON.writeValueAsString(new Metric(null, null, null, 0, false, 0, false, 0)))
        .isEqualTo(
            "{\"name\":\"\",\"peer\":\"\",\"value\":\"\",\"expire\":0,\"valid\":false,"
                + "\"weight\":0,\"partitionable\":false,\"received_at\":0}");
  }

  @Test
  void write_alert_putsTriggeredAtAfterTheMetricFields() throws Exception {
    Alert alert = new Alert(freespace(), Instant.parse("2024-05-06T10:11:12.5Z"));

    assertThat(JSON.writeValueAsString(alert))
        .isEqualTo("{" + FREESPACE_FIELDS + ",\"triggered_at\":\"2024-05-06T10:11:12.5Z\"}");
  }

  @Test
  void readThenWrite_metricsAndAlerts_roundTrip() throws Exception {
    List<Alert> alerts =
        List.of(
            new Alert(freespace(), Instant.parse("2024-05-06T10:11:12Z")),
            new Alert(new Metric("ping", null, "", 0, false, 0, true, 0), null));

    assertThat(JSON.readValue(JSON.writeValueAsString(freespace()), Metric.class))
        .isEqualTo(freespace());
    assertThat(JSON.readValue(JSON.writeValueAsString(alerts), new TypeReference<List<Alert>>() {}))
        .isEqualTo(alerts);
  }

  @Test
  void expiry_comparesUnixNanosWithNow() {
    Instant expire = Instant.ofEpochSecond(1715000000L, 123456789);

    assertThat(freespace().expireInstant()).isEqualTo(expire);
    assertThat(freespace().expiredAt(expire)).isFalse();
    assertThat(freespace().discardAt(expire.plusNanos(1))).isTrue();
  }
}
