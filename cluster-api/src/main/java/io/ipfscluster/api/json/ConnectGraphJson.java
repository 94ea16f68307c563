package io.ipfscluster.api.json;

import static io.ipfscluster.api.json.JsonFields.invalid;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The v1 JSON of {@link ConnectGraph}, in the original's order, every map keyed by peer ID in
 * sorted order.
 *
 * <p>Per-field rules: {@code cluster_id} is {@code ""} when unknown; the five maps are objects even
 * when empty (the original creates them all before filling them); the peer lists in {@code
 * ipfs_links} and {@code cluster_links} are arrays even when empty (the original starts each with
 * an empty slice).
 *
 * <p>Reading is lenient like Go's: unknown fields are skipped, missing ones take their zero value.
 * Thread-safe: stateless.
 */
final class ConnectGraphJson {
  private ConnectGraphJson() {}

  /** Writes one map value; the field name is already written. */
  private interface ValueWriter<V> {
    void write(JsonGenerator g, V value) throws IOException;
  }

  /** Reads one map value; the parser is at it. */
  private interface ValueReader<V> {
    V read(JsonParser p, String field) throws IOException;
  }

  static void write(JsonGenerator g, ConnectGraph cg) throws IOException {
    g.writeStartObject();
    JsonFields.writePeer(g, "cluster_id", cg.clusterId());
    writeMap(g, "id_to_peername", cg.idToPeername(), JsonGenerator::writeString);
    writeMap(g, "ipfs_links", cg.ipfsLinks(), ConnectGraphJson::writePeers);
    writeMap(g, "cluster_links", cg.clusterLinks(), ConnectGraphJson::writePeers);
    writeMap(g, "cluster_trust_links", cg.clusterTrustLinks(), JsonGenerator::writeBoolean);
    writeMap(g, "cluster_to_ipfs", cg.clusterToIpfs(), (gen, v) -> gen.writeString(v.toString()));
    g.writeEndObject();
  }

  private static <V> void writeMap(
      JsonGenerator g, String field, Map<PeerId, V> map, ValueWriter<V> values) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<PeerId, V> e : map.entrySet()) {
      g.writeFieldName(e.getKey().toString());
      values.write(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static void writePeers(JsonGenerator g, List<PeerId> peers) throws IOException {
    g.writeStartArray();
    for (PeerId p : peers) {
      g.writeString(p.toString());
    }
    g.writeEndArray();
  }

  static ConnectGraph read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "connect graph");
    PeerId clusterId = null;
    TreeMap<PeerId, String> names = new TreeMap<>();
    TreeMap<PeerId, List<PeerId>> ipfsLinks = new TreeMap<>();
    TreeMap<PeerId, List<PeerId>> clusterLinks = new TreeMap<>();
    TreeMap<PeerId, Boolean> trust = new TreeMap<>();
    TreeMap<PeerId, PeerId> toIpfs = new TreeMap<>();
    ValueReader<List<PeerId>> peers = (q, f) -> JsonFields.readList(q, f, PeerId::parse);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "cluster_id" -> clusterId = JsonFields.readOptionalPeer(p, field);
        case "id_to_peername" -> readMap(p, field, names, JsonFields::readString);
        case "ipfs_links" -> readMap(p, field, ipfsLinks, peers);
        case "cluster_links" -> readMap(p, field, clusterLinks, peers);
        case "cluster_trust_links" -> readMap(p, field, trust, JsonFields::readBoolean);
        case "cluster_to_ipfs" -> readMap(p, field, toIpfs, JsonFields::readPeer);
        default -> p.skipChildren();
      }
    }
    return new ConnectGraph(clusterId, names, ipfsLinks, clusterLinks, trust, toIpfs);
  }

  private static <V> void readMap(
      JsonParser p, String field, Map<PeerId, V> into, ValueReader<V> values) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return;
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, field, "expected an object, got " + p.currentToken());
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      PeerId key = JsonFields.parseKey(p, field, PeerId::parse);
      p.nextToken();
      into.put(key, values.read(p, field + "." + key));
    }
  }
}
