package io.ipfscluster.api.json;

import static io.ipfscluster.api.json.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The v1 JSON of {@link PinInfo} and {@link PinInfoShort}: a PinInfo's own fields, then the fields
 * of its {@link PinInfoShort} flattened into the same object, in the original's order.
 *
 * <p>Per-field rules: {@code peer} is {@code ""} when unknown (Go's empty peer ID); {@code
 * allocations} and {@code origins} are arrays even when empty (the original copies them from the
 * pin read from the state, which holds empty arrays); empty {@code metadata} is {@code null} (a pin
 * without metadata holds a nil map); {@code ipfs_peer_id} and {@code ipfs_peer_addresses} are left
 * out when unknown or empty (omitempty).
 *
 * <p>Reading is lenient like Go's: unknown fields are skipped, missing ones take their zero value;
 * only {@code cid} is required in a PinInfo. Thread-safe: stateless.
 */
public final class PinInfoJson {
  private PinInfoJson() {}

  /** Writes {@code info} as one JSON object. */
  public static void write(JsonGenerator g, PinInfo info) throws IOException {
    g.writeStartObject();
    JsonFields.writeCid(g, "cid", info.cid());
    g.writeStringField("name", info.name());
    JsonFields.writePeer(g, "peer", info.peer());
    JsonFields.writePeers(g, "allocations", info.allocations(), false);
    JsonFields.writeAddrs(g, "origins", info.origins(), false);
    JsonFields.writeTime(g, "created", info.created());
    JsonFields.writeStringMap(g, "metadata", info.metadata());
    writeShortFields(g, info.peerStatus());
    g.writeEndObject();
  }

  /** Writes {@code status} as one JSON object, as a GlobalPinInfo's {@code peer_map} holds it. */
  public static void writeShort(JsonGenerator g, PinInfoShort status) throws IOException {
    g.writeStartObject();
    writeShortFields(g, status);
    g.writeEndObject();
  }

  private static void writeShortFields(JsonGenerator g, PinInfoShort s) throws IOException {
    g.writeStringField("peername", s.peerName());
    if (s.ipfsPeerId() != null) {
      g.writeStringField("ipfs_peer_id", s.ipfsPeerId().toString());
    }
    if (!s.ipfsPeerAddresses().isEmpty()) {
      JsonFields.writeAddrs(g, "ipfs_peer_addresses", s.ipfsPeerAddresses(), false);
    }
    g.writeStringField("status", s.status().jsonName());
    JsonFields.writeTime(g, "timestamp", s.timestamp());
    g.writeStringField("error", s.error());
    g.writeNumberField("attempt_count", s.attemptCount());
    g.writeBooleanField("priority_pin", s.priorityPin());
  }

  /**
   * Reads one PinInfo object; the parser is at its {@code START_OBJECT} and is left at its {@code
   * END_OBJECT}.
   *
   * @throws InvalidJsonException naming the field when a value is malformed or the cid is missing
   */
  public static PinInfo read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "pin info");
    Cid cid = null;
    String name = "";
    PeerId peer = null;
    List<PeerId> allocations = List.of();
    List<Multiaddr> origins = List.of();
    Instant created = GoTime.ZERO;
    Map<String, String> metadata = Map.of();
    ShortFields rest = new ShortFields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "cid" -> cid = JsonFields.readCid(p, field);
        case "name" -> name = JsonFields.readString(p, field);
        case "peer" -> peer = JsonFields.readOptionalPeer(p, field);
        case "allocations" -> allocations = JsonFields.readList(p, field, PeerId::parse);
        case "origins" -> origins = JsonFields.readList(p, field, Multiaddr::parse);
        case "created" -> created = JsonFields.readTime(p, field);
        case "metadata" -> metadata = JsonFields.readStringMap(p, field);
        default -> rest.read(p, field);
      }
    }
    if (cid == null) {
      throw invalid(p, "cid", "missing: every pin info needs a cid");
    }
    return new PinInfo(cid, name, peer, allocations, origins, created, metadata, rest.build(p));
  }

  /**
   * Reads one PinInfoShort object; the parser is at its {@code START_OBJECT} and is left at its
   * {@code END_OBJECT}.
   *
   * @throws InvalidJsonException naming the field when a value is malformed
   */
  public static PinInfoShort readShort(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "pin status");
    ShortFields fields = new ShortFields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      fields.read(p, field);
    }
    return fields.build(p);
  }

  /** The PinInfoShort fields read so far; unknown fields are skipped. */
  private static final class ShortFields {
    private String peerName = "";
    private PeerId ipfsPeerId;
    private List<Multiaddr> ipfsPeerAddresses = List.of();
    private TrackerStatus status = TrackerStatus.UNDEFINED;
    private Instant timestamp = GoTime.ZERO;
    private String error = "";
    private int attemptCount;
    private boolean priorityPin;

    void read(JsonParser p, String field) throws IOException {
      switch (field) {
        case "peername" -> peerName = JsonFields.readString(p, field);
        case "ipfs_peer_id" -> ipfsPeerId = JsonFields.readOptionalPeer(p, field);
        case "ipfs_peer_addresses" ->
            ipfsPeerAddresses = JsonFields.readList(p, field, Multiaddr::parse);
        case "status" -> status = TrackerStatus.ofName(JsonFields.readString(p, field));
        case "timestamp" -> timestamp = JsonFields.readTime(p, field);
        case "error" -> error = JsonFields.readString(p, field);
        case "attempt_count" -> attemptCount = JsonFields.readInt(p, field);
        case "priority_pin" -> priorityPin = JsonFields.readBoolean(p, field);
        default -> p.skipChildren();
      }
    }

    PinInfoShort build(JsonParser p) throws IOException {
      if (attemptCount < 0) {
        throw invalid(p, "attempt_count", "must not be negative, got " + attemptCount);
      }
      return new PinInfoShort(
          peerName,
          ipfsPeerId,
          ipfsPeerAddresses,
          status,
          timestamp,
          error,
          attemptCount,
          priorityPin);
    }
  }
}
