package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.util.List;

/**
 * The v1 JSON of {@link PeerInfo} (the original's {@code ID}) and {@link IpfsInfo} (its {@code
 * IPFSID}), in the original's order.
 *
 * <p>Per-field rules, from the original's declarations: {@code id} is {@code ""} when unknown (Go's
 * empty peer ID); {@code addresses}, {@code cluster_peers} and {@code cluster_peers_addresses} are
 * slices without omitempty, so empty ones are {@code null} (they are nil on unreachable peers and
 * after crossing the peer RPC, which drops empty slices); {@code ipfs} is always written, and in it
 * {@code id} is left out when unknown (omitempty) and empty {@code addresses} are {@code null}.
 *
 * <p>Reading is lenient like Go's: unknown fields are skipped, missing ones take their zero value.
 * Thread-safe: stateless.
 */
final class PeerInfoJson {
  private PeerInfoJson() {}

  static void write(JsonGenerator g, PeerInfo id) throws IOException {
    g.writeStartObject();
    JsonFields.writePeer(g, "id", id.id());
    JsonFields.writeAddrs(g, "addresses", id.addresses(), true);
    JsonFields.writePeers(g, "cluster_peers", id.clusterPeers(), true);
    JsonFields.writeAddrs(g, "cluster_peers_addresses", id.clusterPeersAddresses(), true);
    g.writeStringField("version", id.version());
    g.writeStringField("commit", id.commit());
    g.writeStringField("rpc_protocol_version", id.rpcProtocolVersion());
    g.writeStringField("error", id.error());
    g.writeFieldName("ipfs");
    writeIpfs(g, id.ipfs());
    g.writeStringField("peername", id.peername());
    g.writeEndObject();
  }

  static void writeIpfs(JsonGenerator g, IpfsInfo ipfs) throws IOException {
    g.writeStartObject();
    if (ipfs.id() != null) {
      g.writeStringField("id", ipfs.id().toString());
    }
    JsonFields.writeAddrs(g, "addresses", ipfs.addresses(), true);
    g.writeStringField("error", ipfs.error());
    g.writeEndObject();
  }

  static PeerInfo read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "id");
    PeerId id = null;
    List<Multiaddr> addresses = List.of();
    List<PeerId> clusterPeers = List.of();
    List<Multiaddr> clusterPeersAddresses = List.of();
    String version = "";
    String commit = "";
    String rpcProtocolVersion = "";
    String error = "";
    IpfsInfo ipfs = IpfsInfo.unknown();
    String peername = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "id" -> id = JsonFields.readOptionalPeer(p, field);
        case "addresses" -> addresses = JsonFields.readList(p, field, Multiaddr::parse);
        case "cluster_peers" -> clusterPeers = JsonFields.readList(p, field, PeerId::parse);
        case "cluster_peers_addresses" ->
            clusterPeersAddresses = JsonFields.readList(p, field, Multiaddr::parse);
        case "version" -> version = JsonFields.readString(p, field);
        case "commit" -> commit = JsonFields.readString(p, field);
        case "rpc_protocol_version" -> rpcProtocolVersion = JsonFields.readString(p, field);
        case "error" -> error = JsonFields.readString(p, field);
        case "ipfs" -> ipfs = p.currentToken() == JsonToken.VALUE_NULL ? ipfs : readIpfs(p);
        case "peername" -> peername = JsonFields.readString(p, field);
        default -> p.skipChildren();
      }
    }
    return new PeerInfo(
        id,
        addresses,
        clusterPeers,
        clusterPeersAddresses,
        version,
        commit,
        rpcProtocolVersion,
        error,
        ipfs,
        peername);
  }

  static IpfsInfo readIpfs(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "ipfs");
    PeerId id = null;
    List<Multiaddr> addresses = List.of();
    String error = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "id" -> id = JsonFields.readOptionalPeer(p, "ipfs.id");
        case "addresses" -> addresses = JsonFields.readList(p, "ipfs.addresses", Multiaddr::parse);
        case "error" -> error = JsonFields.readString(p, "ipfs.error");
        default -> p.skipChildren();
      }
    }
    return new IpfsInfo(id, addresses, error);
  }
}
