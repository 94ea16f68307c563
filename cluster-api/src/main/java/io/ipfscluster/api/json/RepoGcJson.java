package io.ipfscluster.api.json;

import static io.ipfscluster.api.json.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The v1 JSON of {@link RepoGc} and its {@link RepoGcKey} lines, in the original's order.
 *
 * <p>Per-field rules: {@code peer} is {@code ""} when unknown; {@code keys} is {@code null} when
 * there are none; a line's {@code key} is always written ({@code null} on error lines: the field is
 * a struct, which omitempty does not drop) and its {@code error} only when set; the result's {@code
 * error} only when set (omitempty).
 *
 * <p>Reading is lenient like Go's: unknown fields are skipped, missing ones take their zero value.
 * Thread-safe: stateless.
 */
final class RepoGcJson {
  private RepoGcJson() {}

  static void write(JsonGenerator g, RepoGc gc) throws IOException {
    g.writeStartObject();
    JsonFields.writePeer(g, "peer", gc.peer());
    g.writeStringField("peername", gc.peername());
    if (gc.keys().isEmpty()) {
      g.writeNullField("keys");
    } else {
      g.writeArrayFieldStart("keys");
      for (RepoGcKey k : gc.keys()) {
        writeKey(g, k);
      }
      g.writeEndArray();
    }
    if (!gc.error().isEmpty()) {
      g.writeStringField("error", gc.error());
    }
    g.writeEndObject();
  }

  static void writeKey(JsonGenerator g, RepoGcKey k) throws IOException {
    g.writeStartObject();
    JsonFields.writeCid(g, "key", k.key());
    if (!k.error().isEmpty()) {
      g.writeStringField("error", k.error());
    }
    g.writeEndObject();
  }

  static RepoGc read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "repo gc");
    PeerId peer = null;
    String peername = "";
    List<RepoGcKey> keys = new ArrayList<>();
    String error = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "peer" -> peer = JsonFields.readOptionalPeer(p, field);
        case "peername" -> peername = JsonFields.readString(p, field);
        case "keys" -> {
          if (p.currentToken() != JsonToken.VALUE_NULL) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
              throw invalid(p, field, "expected an array, got " + p.currentToken());
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
              keys.add(readKey(p));
            }
          }
        }
        case "error" -> error = JsonFields.readString(p, field);
        default -> p.skipChildren();
      }
    }
    return new RepoGc(peer, peername, keys, error);
  }

  static RepoGcKey readKey(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "keys");
    Cid key = null;
    String error = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "key" -> key = JsonFields.readCid(p, field);
        case "error" -> error = JsonFields.readString(p, field);
        default -> p.skipChildren();
      }
    }
    if (key == null && error.isEmpty()) {
      throw invalid(p, "key", "missing: a repo GC line needs a key or an error");
    }
    return new RepoGcKey(key, error);
  }
}
