package io.ipfscluster.api.json;

import static io.ipfscluster.api.json.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The v1 JSON of {@link GlobalPinInfo}, in the original's order, with {@code peer_map} keyed by
 * peer ID in sorted order (as Go writes maps) and its values written by {@link PinInfoJson}.
 *
 * <p>Per-field rules, as for {@link PinInfoJson} whose fields these are copied from: {@code
 * allocations} and {@code origins} are arrays even when empty, empty {@code metadata} is {@code
 * null}. An empty {@code peer_map} is {@code null}: the original creates the map when it merges the
 * first peer's status, so only its zero value has none.
 *
 * <p>Reading is lenient like Go's; only {@code cid} is required. Thread-safe: stateless.
 */
public final class GlobalPinInfoJson {
  private GlobalPinInfoJson() {}

  /** Writes {@code info} as one JSON object. */
  public static void write(JsonGenerator g, GlobalPinInfo info) throws IOException {
    g.writeStartObject();
    JsonFields.writeCid(g, "cid", info.cid());
    g.writeStringField("name", info.name());
    JsonFields.writePeers(g, "allocations", info.allocations(), false);
    JsonFields.writeAddrs(g, "origins", info.origins(), false);
    JsonFields.writeTime(g, "created", info.created());
    JsonFields.writeStringMap(g, "metadata", info.metadata());
    if (info.peerMap().isEmpty()) {
      g.writeNullField("peer_map");
    } else {
      g.writeObjectFieldStart("peer_map");
      for (Map.Entry<PeerId, PinInfoShort> e : info.peerMap().entrySet()) {
        g.writeFieldName(e.getKey().toString());
        PinInfoJson.writeShort(g, e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Reads one object; the parser is at its {@code START_OBJECT} and is left at its {@code
   * END_OBJECT}.
   *
   * @throws InvalidJsonException naming the field when a value or a peer_map key is malformed, or
   *     the cid is missing
   */
  public static GlobalPinInfo read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "global pin info");
    Cid cid = null;
    String name = "";
    List<PeerId> allocations = List.of();
    List<Multiaddr> origins = List.of();
    Instant created = GoTime.ZERO;
    Map<String, String> metadata = Map.of();
    TreeMap<PeerId, PinInfoShort> peerMap = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "cid" -> cid = JsonFields.readCid(p, field);
        case "name" -> name = JsonFields.readString(p, field);
        case "allocations" -> allocations = JsonFields.readList(p, field, PeerId::parse);
        case "origins" -> origins = JsonFields.readList(p, field, Multiaddr::parse);
        case "created" -> created = JsonFields.readTime(p, field);
        case "metadata" -> metadata = JsonFields.readStringMap(p, field);
        case "peer_map" -> readPeerMap(p, peerMap);
        default -> p.skipChildren();
      }
    }
    if (cid == null) {
      throw invalid(p, "cid", "missing: every global pin info needs a cid");
    }
    return new GlobalPinInfo(cid, name, allocations, origins, created, metadata, peerMap);
  }

  private static void readPeerMap(JsonParser p, Map<PeerId, PinInfoShort> into) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return;
    }
    JsonFields.expectObject(p, "peer_map");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      PeerId peer = JsonFields.parseKey(p, "peer_map", PeerId::parse);
      p.nextToken();
      into.put(peer, PinInfoJson.readShort(p));
    }
  }
}
