package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the sharness tests do with the {@code ipfs} command, done over the kubo RPC API of a node
 * (the embedded node and js-ipfs both speak it): {@code add} and {@code pin ls}. Thread-safe.
 */
final class SharnessKubo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI api;

  /**
   * @param api the node's RPC API, for example {@code http://127.0.0.1:5001/api/v0/}
   */
  SharnessKubo(URI api) {
    this.api = api;
  }

  /** {@code ipfs add -q --pin=false}: the CID of {@code data} as one file, stored on the node. */
  String add(byte[] data) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("file", data);
    List<String> cids = addEntries(files);
    return cids.get(cids.size() - 1);
  }

  /** {@code ipfs add -q --pin=false} of a text. */
  String add(String text) throws Exception {
    return add(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code ipfs add -qr --pin=false}: adds files and directories (a null value) given by path and
   * returns the CIDs the node printed, in its order (the root last).
   */
  List<String> addEntries(Map<String, byte[]> entries) throws Exception {
    String boundary = "sharness-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      boolean dir = e.getValue() == null;
      String head =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
              + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
              + "\"\r\nContent-Type: "
              + (dir ? "application/x-directory" : "application/octet-stream")
              + "\r\n\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      if (!dir) {
        body.writeBytes(e.getValue());
      }
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        post(
            "add?pin=false&cid-version=0",
            HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
            "multipart/form-data; boundary=" + boundary);
    List<String> cids = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (!line.isBlank()) {
        cids.add(JSON.readTree(line).path("Hash").asText());
      }
    }
    return cids;
  }

  /**
   * {@code ipfs pin ls --type <type> <cid>} as the command prints it ({@code <cid> <type>}), or
   * null when the node answers that the CID is not pinned so.
   */
  String pinLs(String type, String cid) throws Exception {
    HttpResponse<String> r =
        send("pin/ls?type=" + type + "&arg=" + cid, HttpRequest.BodyPublishers.noBody(), null);
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode keys = JSON.readTree(r.body()).path("Keys");
    JsonNode entry = keys.path(cid);
    if (entry.isMissingNode() && keys.size() == 1) {
      // js-ipfs prints CIDv1 keys in base58btc; one key answers the one CID asked for.
      entry = keys.elements().next();
    }
    return entry.isMissingNode() ? null : cid + " " + entry.path("Type").asText();
  }

  private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String type)
      throws Exception {
    HttpResponse<String> r = send(path, body, type);
    assertThat(r.statusCode()).as("POST %s%s: %s", api, path, r.body()).isEqualTo(200);
    return r;
  }

  private HttpResponse<String> send(String path, HttpRequest.BodyPublisher body, String type)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60)).POST(body);
    if (type != null) {
      b.header("Content-Type", type);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
