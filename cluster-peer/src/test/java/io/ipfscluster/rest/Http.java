package io.ipfscluster.rest;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Calls to a started {@link RestApi} over TCP: the JDK client, and raw HTTP/1.1 over a socket. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String host;
  private final int port;

  Http(RestApi api) {
    Multiaddr a = api.listenAddresses().get(0);
    this.host = a.valueOf(Protocol.IP4).orElseThrow();
    this.port = Integer.parseInt(a.valueOf(Protocol.TCP).orElseThrow());
  }

  int port() {
    return port;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://" + host + ":" + port + pathAndQuery);
  }

  HttpResponse<String> send(String method, String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    return sendBody(method, pathAndQuery, null, headers);
  }

  HttpResponse<String> sendBody(String method, String pathAndQuery, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    return send("GET", pathAndQuery, headers);
  }

  HttpResponse<String> post(String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    return send("POST", pathAndQuery, headers);
  }

  /** A GET whose answer completes when its headers arrive; its body is read as it comes. */
  CompletableFuture<HttpResponse<InputStream>> streamAsync(String pathAndQuery) {
    return CLIENT.sendAsync(
        HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /**
   * Sends {@code request} (CRLF line ends, {@code Connection: close} added) and returns the whole
   * raw response, chunk sizes and trailers included.
   */
  String raw(String method, String pathAndQuery, String... headers) throws IOException {
    StringBuilder req =
        new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.getInputStream().transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
