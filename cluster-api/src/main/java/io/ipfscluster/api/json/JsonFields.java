package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reading and writing the field values the domain types share, with Jackson's streaming API.
 * Readers name the field in their errors.
 */
final class JsonFields {
  private static final SerializedString ZERO_TIME =
      new SerializedString(GoTime.format(GoTime.ZERO));

  private JsonFields() {}

  // Writers take pre-encoded field names (SerializableString): see PinJson.

  static void writeCid(JsonGenerator g, SerializableString field, Cid cid) throws IOException {
    g.writeFieldName(field);
    if (cid == null) {
      g.writeNull();
    } else {
      writeAscii(g, cid.toString());
    }
  }

  /** Writes a peer ID, or {@code ""} for null: Go's empty {@code peer.ID}. */
  static void writePeer(JsonGenerator g, String field, PeerId peer) throws IOException {
    g.writeStringField(field, peer == null ? "" : peer.toString());
  }

  static void writeCid(JsonGenerator g, String field, Cid cid) throws IOException {
    writeCid(g, new SerializedString(field), cid);
  }

  static void writePeers(JsonGenerator g, String field, List<PeerId> peers, boolean nullIfEmpty)
      throws IOException {
    writePeers(g, new SerializedString(field), peers, nullIfEmpty);
  }

  static void writeAddrs(JsonGenerator g, String field, List<Multiaddr> addrs, boolean nullIfEmpty)
      throws IOException {
    writeAddrs(g, new SerializedString(field), addrs, nullIfEmpty);
  }

  static void writeStringMap(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    writeStringMap(g, new SerializedString(field), map);
  }

  static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
    writeTime(g, new SerializedString(field), t);
  }

  static void writePeers(
      JsonGenerator g, SerializableString field, List<PeerId> peers, boolean nullIfEmpty)
      throws IOException {
    g.writeFieldName(field);
    if (peers.isEmpty() && nullIfEmpty) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (PeerId p : peers) {
      writeAscii(g, p.toString());
    }
    g.writeEndArray();
  }

  static void writeAddrs(
      JsonGenerator g, SerializableString field, List<Multiaddr> addrs, boolean nullIfEmpty)
      throws IOException {
    g.writeFieldName(field);
    if (addrs.isEmpty() && nullIfEmpty) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    for (Multiaddr a : addrs) {
      g.writeString(a.toString());
    }
    g.writeEndArray();
  }

  static void writeStringMap(JsonGenerator g, SerializableString field, Map<String, String> map)
      throws IOException {
    g.writeFieldName(field);
    if (map.isEmpty()) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  static void writeTime(JsonGenerator g, SerializableString field, Instant t) throws IOException {
    g.writeFieldName(field);
    if (GoTime.isZero(t)) {
      g.writeString(ZERO_TIME);
    } else {
      writeAscii(g, GoTime.format(t));
    }
  }

  /**
   * Writes a string that is ASCII with nothing JSON escapes (base58 and multibase text, RFC 3339
   * times) as bytes when {@code g} writes UTF-8 bytes (files, HTTP bodies): Jackson's {@code
   * writeString(String)} checks every character for escaping, about 2 ns each, 100 ns for a peer
   * ID. Generators that write characters take the string as it is.
   */
  private static void writeAscii(JsonGenerator g, String ascii) throws IOException {
    if (g instanceof UTF8JsonGenerator) {
      byte[] bytes = ascii.getBytes(StandardCharsets.ISO_8859_1);
      g.writeRawUTF8String(bytes, 0, bytes.length);
    } else {
      g.writeString(ascii);
    }
  }

  /** Reads a CID given as a string or as {@code {"/": "..."}}; null for JSON null. */
  static Cid readCid(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    String text;
    if (t == JsonToken.START_OBJECT) {
      text = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("/") && p.currentToken() == JsonToken.VALUE_STRING) {
          text = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (text == null) {
        throw invalid(p, field, "expected a CID string or {\"/\": \"<cid>\"}");
      }
    } else if (t == JsonToken.VALUE_STRING) {
      text = p.getText();
      if (text.isEmpty()) {
        return null;
      }
    } else {
      throw invalid(p, field, "expected a CID string, got " + t);
    }
    try {
      return Cid.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(p, field, e.getMessage());
    }
  }

  static PeerId readPeer(JsonParser p, String field) throws IOException {
    return parse(p, field, PeerId::parse);
  }

  /** Reads a peer ID that may be absent: JSON null and {@code ""} give null. */
  static PeerId readOptionalPeer(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL
        || (p.currentToken() == JsonToken.VALUE_STRING && p.getText().isEmpty())) {
      return null;
    }
    return readPeer(p, field);
  }

  static Multiaddr readAddr(JsonParser p, String field) throws IOException {
    return parse(p, field, Multiaddr::parse);
  }

  static Instant readTime(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return GoTime.ZERO;
    }
    // Unset times (expire_at of most pins) skip the ~0.6 us of DateTimeFormatter parsing.
    if (p.currentToken() == JsonToken.VALUE_STRING && ZERO_TIME.getValue().equals(p.getText())) {
      return GoTime.ZERO;
    }
    return parse(p, field, GoTime::parse);
  }

  static <T> T parse(JsonParser p, String field, Function<String, T> parser) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid(p, field, "expected a string, got " + p.currentToken());
    }
    try {
      return parser.apply(p.getText());
    } catch (IllegalArgumentException e) {
      throw invalid(p, field, e.getMessage());
    }
  }

  /** Parses the current field name, a map key, with {@code parser}. */
  static <T> T parseKey(JsonParser p, String map, Function<String, T> parser) throws IOException {
    try {
      return parser.apply(p.currentName());
    } catch (IllegalArgumentException e) {
      throw invalid(p, map, "bad key: " + e.getMessage());
    }
  }

  /** Reads an array of strings parsed with {@code parser}; JSON null gives an empty list. */
  static <T> List<T> readList(JsonParser p, String field, Function<String, T> parser)
      throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalid(p, field, "expected an array, got " + p.currentToken());
    }
    List<T> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(parse(p, field, parser));
    }
    return out;
  }

  static Map<String, String> readStringMap(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, field, "expected an object, got " + p.currentToken());
    }
    Map<String, String> out = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      if (!p.currentToken().isScalarValue()) {
        throw invalid(p, field + "." + key, "expected a string");
      }
      out.put(key, p.getValueAsString());
    }
    return out;
  }

  static String readString(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return "";
    }
    if (!p.currentToken().isScalarValue()) {
      throw invalid(p, field, "expected a string, got " + p.currentToken());
    }
    return p.getValueAsString();
  }

  static boolean readBoolean(JsonParser p, String field) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL, VALUE_FALSE -> false;
      case VALUE_TRUE -> true;
      default -> throw invalid(p, field, "expected true or false, got " + p.currentToken());
    };
  }

  /** Checks that the parser is at the start of an object, as every object reader needs. */
  static void expectObject(JsonParser p, String what) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, what, "expected a JSON object, got " + p.currentToken());
    }
  }

  static long readLong(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw invalid(p, field, "expected an integer, got " + p.currentToken());
    }
    return p.getLongValue();
  }

  static int readInt(JsonParser p, String field) throws IOException {
    long v = readLong(p, field);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw invalid(p, field, "value " + v + " is out of range");
    }
    return (int) v;
  }

  static InvalidJsonException invalid(JsonParser p, String field, String why) {
    return new InvalidJsonException("field \"" + field + "\": " + why, p);
  }
}
