package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link ClusterPeer} started in this JVM from a configuration folder written for a test: the
 * defaults of {@code init} with the REST API on a free port, no embedded IPFS node (the peer talks
 * to the node at the address given), and the test's changes to {@code service.json}. Calls its REST
 * API with the JDK client.
 *
 * <p>Not thread-safe for {@link #close()}; the calls are.
 */
final class TestPeer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final ClusterPeer peer;
  private final URI base;

  private TestPeer(ClusterPeer peer) {
    this.peer = peer;
    Multiaddr rest = peer.restAddresses().get(0);
    this.base =
        URI.create(
            "http://"
                + rest.valueOf(Protocol.IP4).orElseThrow()
                + ":"
                + rest.valueOf(Protocol.TCP).orElseThrow());
  }

  /**
   * Writes a configuration folder {@code dir} for a peer whose IPFS node is at {@code ipfs}, then
   * applies {@code edits} to its {@code service.json}.
   */
  static Path configure(Path dir, String ipfs, Consumer<ObjectNode> edits) throws IOException {
    Files.createDirectories(dir);
    ServiceConfig.defaults("crdt")
        .withEnvironment(
            Map.of(
                "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_LISTENMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
                ipfs))
        .write(dir);
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    Path file = dir.resolve(ServiceConfig.FILE_NAME);
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.get("ipfs_connector")).remove("embedded");
    edits.accept(root);
    JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    return dir;
  }

  /** The object at {@code path} (a JSON pointer) of {@code root}, for edits. */
  static ObjectNode section(ObjectNode root, String path) {
    return (ObjectNode) root.at(path);
  }

  static TestPeer start(Path dir) throws IOException {
    return new TestPeer(ClusterPeer.start(dir, Map.of()));
  }

  ClusterPeer peer() {
    return peer;
  }

  HttpResponse<String> send(String method, String pathAndQuery) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(base.resolve(pathAndQuery))
              .timeout(Duration.ofSeconds(60))
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + pathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code POST /pins/<cid>}, expecting 200. */
  void pin(Cid cid) {
    HttpResponse<String> r = send("POST", "/pins/" + cid);
    assertThat(r.statusCode()).as("POST /pins/%s: %s", cid, r.body()).isEqualTo(200);
  }

  /** This peer's entry in {@code GET /pins/<cid>}: status, error, attempt count. */
  JsonNode status(Cid cid) {
    HttpResponse<String> r = send("GET", "/pins/" + cid + "?local=true");
    assertThat(r.statusCode()).as("GET /pins/%s: %s", cid, r.body()).isEqualTo(200);
    return tree(r.body()).path("peer_map").path(peer.id().toString());
  }

  TrackerStatus trackerStatus(Cid cid) {
    return TrackerStatus.ofName(status(cid).path("status").asText());
  }

  void awaitStatus(Cid cid, TrackerStatus expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(trackerStatus(cid)).as(cid.toString()).isEqualTo(expected));
  }

  /** The CIDs of the pinset, from {@code GET /allocations}. */
  Set<Cid> allocations() {
    HttpResponse<String> r = send("GET", "/allocations");
    assertThat(r.statusCode()).as("GET /allocations: %s", r.body()).isEqualTo(200);
    Set<Cid> cids = new HashSet<>();
    r.body().lines().forEach(line -> cids.add(Cid.parse(tree(line).path("cid").asText())));
    return cids;
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Override
  public void close() {
    peer.close();
  }
}
