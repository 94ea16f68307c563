package io.ipfscluster.ipfs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP calls to a kubo RPC API, as a kubo client sends them; for tests. */
final class RpcClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOUNDARY = "------------------------3f1c0a9b2e7d4c55";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  RpcClient(String base) {
    this.base = base;
  }

  /** A response: status, headers and body. */
  record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** Each line of an NDJSON body. */
    List<JsonNode> lines() throws IOException {
      List<JsonNode> out = new ArrayList<>();
      for (String line : text().split("\n")) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Reply post(String pathAndQuery) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  Reply get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
  }

  /** A multipart POST with one {@code file} part per body, as kubo clients send files. */
  Reply postFiles(String pathAndQuery, List<Part> parts) throws IOException, InterruptedException {
    return postRaw(pathAndQuery, multipart(parts), "multipart/form-data; boundary=" + BOUNDARY);
  }

  Reply postRaw(String pathAndQuery, byte[] body, String contentType)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** One part: a file name (URL-encoded as kubo clients do), a content type and bytes. */
  record Part(String fileName, String contentType, byte[] data) {
    static Part file(String name, byte[] data) {
      return new Part(name, "application/octet-stream", data);
    }

    static Part directory(String name) {
      return new Part(name, "application/x-directory", new byte[0]);
    }
  }

  static byte[] multipart(List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      String head =
          "--"
              + BOUNDARY
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
              + java.net.URLEncoder.encode(part.fileName(), StandardCharsets.UTF_8)
                  .replace("+", "%20")
              + "\"\r\nContent-Type: "
              + part.contentType()
              + "\r\n\r\n";
      out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(part.data());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), response.headers(), response.body());
  }
}
