package io.ipfscluster.api.json;

import static io.ipfscluster.api.json.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The v1 JSON of a {@link Pin}: its options flattened first, then the pin's own fields, in the
 * original's order. Written as the original writes a pin read back from the state ({@code
 * user_allocations} and empty {@code metadata} as {@code null}, {@code origins} and {@code
 * allocations} as arrays).
 *
 * <p>Reading is lenient like Go's decoder: unknown fields are skipped and missing ones take their
 * zero value, except that a missing {@code type} is a data pin and a missing {@code max_depth}
 * follows {@code mode}, so minimal objects such as {@code {"cid": "Qm…"}} import as recursive pins.
 * Thread-safe: stateless.
 */
public final class PinJson {
  private PinJson() {}

  // Field names pre-encoded once: writing them from String costs a UTF-8 encoding per pin.
  private static final SerializedString REPLICATION_FACTOR_MIN =
      new SerializedString("replication_factor_min");
  private static final SerializedString REPLICATION_FACTOR_MAX =
      new SerializedString("replication_factor_max");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString MODE = new SerializedString("mode");
  private static final SerializedString SHARD_SIZE = new SerializedString("shard_size");
  private static final SerializedString USER_ALLOCATIONS = new SerializedString("user_allocations");
  private static final SerializedString EXPIRE_AT = new SerializedString("expire_at");
  private static final SerializedString METADATA = new SerializedString("metadata");
  private static final SerializedString PIN_UPDATE = new SerializedString("pin_update");
  private static final SerializedString ORIGINS = new SerializedString("origins");
  private static final SerializedString CID = new SerializedString("cid");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString ALLOCATIONS = new SerializedString("allocations");
  private static final SerializedString MAX_DEPTH = new SerializedString("max_depth");
  private static final SerializedString REFERENCE = new SerializedString("reference");
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");

  /** Writes {@code pin} as one JSON object. */
  public static void write(JsonGenerator g, Pin pin) throws IOException {
    PinOptions o = pin.options();
    g.writeStartObject();
    g.writeFieldName(REPLICATION_FACTOR_MIN);
    g.writeNumber(o.replicationFactorMin());
    g.writeFieldName(REPLICATION_FACTOR_MAX);
    g.writeNumber(o.replicationFactorMax());
    g.writeFieldName(NAME);
    g.writeString(o.name());
    g.writeFieldName(MODE);
    g.writeString(o.mode().jsonName());
    g.writeFieldName(SHARD_SIZE);
    g.writeNumber(o.shardSize());
    JsonFields.writePeers(g, USER_ALLOCATIONS, o.userAllocations(), true);
    JsonFields.writeTime(g, EXPIRE_AT, o.expireAt());
    JsonFields.writeStringMap(g, METADATA, o.metadata());
    JsonFields.writeCid(g, PIN_UPDATE, o.pinUpdate());
    JsonFields.writeAddrs(g, ORIGINS, o.origins(), false);
    JsonFields.writeCid(g, CID, pin.cid());
    g.writeFieldName(TYPE);
    g.writeString(pin.type().jsonName());
    JsonFields.writePeers(g, ALLOCATIONS, pin.allocations(), false);
    g.writeFieldName(MAX_DEPTH);
    g.writeNumber(pin.maxDepth());
    JsonFields.writeCid(g, REFERENCE, pin.reference());
    JsonFields.writeTime(g, TIMESTAMP, pin.timestamp());
    g.writeEndObject();
  }

  /**
   * Reads one pin object; the parser is at its {@code START_OBJECT} and is left at its {@code
   * END_OBJECT}.
   *
   * @throws InvalidJsonException naming the field when a value is malformed or the cid is missing
   */
  public static Pin read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, "pin", "expected a JSON object, got " + p.currentToken());
    }
    int rmin = 0;
    int rmax = 0;
    String name = "";
    PinMode mode = PinMode.RECURSIVE;
    long shardSize = 0;
    List<PeerId> userAllocations = List.of();
    Instant expireAt = GoTime.ZERO;
    Map<String, String> metadata = Map.of();
    Cid pinUpdate = null;
    List<Multiaddr> origins = List.of();
    Cid cid = null;
    PinType type = PinType.DATA;
    List<PeerId> allocations = List.of();
    Integer maxDepth = null;
    Cid reference = null;
    Instant timestamp = GoTime.ZERO;

    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "replication_factor_min" -> rmin = JsonFields.readInt(p, field);
        case "replication_factor_max" -> rmax = JsonFields.readInt(p, field);
        case "name" -> name = JsonFields.readString(p, field);
        case "mode" -> mode = PinMode.ofName(JsonFields.readString(p, field));
        case "shard_size" -> shardSize = JsonFields.readLong(p, field);
        case "user_allocations" -> userAllocations = JsonFields.readList(p, field, PeerId::parse);
        case "expire_at" -> expireAt = JsonFields.readTime(p, field);
        case "metadata" -> metadata = JsonFields.readStringMap(p, field);
        case "pin_update" -> pinUpdate = JsonFields.readCid(p, field);
        case "origins" -> origins = JsonFields.readList(p, field, Multiaddr::parse);
        case "cid" -> cid = JsonFields.readCid(p, field);
        case "type" -> type = PinType.ofName(JsonFields.readString(p, field));
        case "allocations" -> allocations = JsonFields.readList(p, field, PeerId::parse);
        case "max_depth" -> maxDepth = JsonFields.readInt(p, field);
        case "reference" -> reference = JsonFields.readCid(p, field);
        case "timestamp" -> timestamp = JsonFields.readTime(p, field);
        default -> p.skipChildren();
      }
    }
    if (cid == null) {
      throw invalid(p, "cid", "missing: every pin needs a cid");
    }
    if (shardSize < 0) {
      throw invalid(p, "shard_size", "must not be negative, got " + shardSize);
    }
    int depth = maxDepth != null ? maxDepth : mode.maxDepth();
    if (depth < -1) {
      throw invalid(p, "max_depth", "must be -1 or more, got " + depth);
    }
    PinOptions options =
        new PinOptions(
            rmin,
            rmax,
            name,
            type == PinType.DATA ? PinMode.ofMaxDepth(depth) : mode,
            shardSize,
            userAllocations,
            expireAt,
            metadata,
            pinUpdate,
            origins);
    return new Pin(cid, type, allocations, depth, reference, timestamp, options);
  }
}
