package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;

/**
 * The v1 JSON of {@link Metric} and {@link Alert} (the metric's fields, then {@code triggered_at}),
 * in the original's order. {@code peer} is {@code ""} when unknown (Go's empty peer ID); {@code
 * expire} and {@code received_at} are Unix nanoseconds.
 *
 * <p>Reading is lenient like Go's: unknown fields are skipped, missing ones take their zero value.
 * Thread-safe: stateless.
 */
final class MetricJson {
  private MetricJson() {}

  static void write(JsonGenerator g, Metric m) throws IOException {
    g.writeStartObject();
    writeFields(g, m);
    g.writeEndObject();
  }

  static void writeAlert(JsonGenerator g, Alert a) throws IOException {
    g.writeStartObject();
    writeFields(g, a.metric());
    JsonFields.writeTime(g, "triggered_at", a.triggeredAt());
    g.writeEndObject();
  }

  private static void writeFields(JsonGenerator g, Metric m) throws IOException {
    g.writeStringField("name", m.name());
    JsonFields.writePeer(g, "peer", m.peer());
    g.writeStringField("value", m.value());
    g.writeNumberField("expire", m.expire());
    g.writeBooleanField("valid", m.valid());
    g.writeNumberField("weight", m.weight());
    g.writeBooleanField("partitionable", m.partitionable());
    g.writeNumberField("received_at", m.receivedAt());
  }

  static Metric read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "metric");
    Fields f = new Fields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      f.read(p, field);
    }
    return f.metric();
  }

  static Alert readAlert(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "alert");
    Fields f = new Fields();
    Instant triggeredAt = GoTime.ZERO;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("triggered_at")) {
        triggeredAt = JsonFields.readTime(p, field);
      } else {
        f.read(p, field);
      }
    }
    return new Alert(f.metric(), triggeredAt);
  }

  /** The metric fields read so far; unknown fields are skipped. */
  private static final class Fields {
    private String name = "";
    private PeerId peer;
    private String value = "";
    private long expire;
    private boolean valid;
    private long weight;
    private boolean partitionable;
    private long receivedAt;

    void read(JsonParser p, String field) throws IOException {
      switch (field) {
        case "name" -> name = JsonFields.readString(p, field);
        case "peer" -> peer = JsonFields.readOptionalPeer(p, field);
        case "value" -> value = JsonFields.readString(p, field);
        case "expire" -> expire = JsonFields.readLong(p, field);
        case "valid" -> valid = JsonFields.readBoolean(p, field);
        case "weight" -> weight = JsonFields.readLong(p, field);
        case "partitionable" -> partitionable = JsonFields.readBoolean(p, field);
        case "received_at" -> receivedAt = JsonFields.readLong(p, field);
        default -> p.skipChildren();
      }
    }

    Metric metric() {
      return new Metric(name, peer, value, expire, valid, weight, partitionable, receivedAt);
    }
  }
}
