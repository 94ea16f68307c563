package io.ipfscluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A file holding only {@code {"source": url}} loads the configuration served at that URL. */
@Timeout(30)
class ServiceConfigSourceTest {
  @TempDir Path dir;

  private final Map<String, String> served = new ConcurrentHashMap<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body = served.get(exchange.getRequestURI().getPath());
          byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void writeSourceFile(String url) throws IOException {
    Files.writeString(dir.resolve("service.json"), "{\"source\": \"" + url + "\"}");
  }

  @Test
  void load_sourcedFile_usesTheFetchedConfigAndTheEnvironment() throws IOException {
    served.put("/c.json", ServiceConfig.defaults("raft").toJson());
    writeSourceFile(url("/c.json"));

    ServiceConfig config = ServiceConfig.load(dir, Map.of("CLUSTER_PEERNAME", "from-env"));

    assertThat(config.consensus()).isInstanceOf(RaftConfig.class);
    assertThat(config.cluster().peername()).isEqualTo("from-env");
    assertThat(config.source()).contains(url("/c.json"));
  }

  @Test
  void write_ofSourcedConfig_keepsOnlyTheSource() throws IOException {
    served.put("/c.json", ServiceConfig.defaults("crdt").toJson());
    writeSourceFile(url("/c.json"));

    ServiceConfig.load(dir, Map.of()).write(dir);

    assertThat(Files.readString(dir.resolve("service.json")))
        .isEqualTo("{\n  \"source\": \"" + url("/c.json") + "\"\n}\n");
  }

  @Test
  void load_sourcePointingToAnotherSource_isRejected() throws IOException {
    served.put("/a.json", "{\"source\": \"" + url("/b.json") + "\"}");
    served.put("/b.json", ServiceConfig.defaults("crdt").toJson());
    writeSourceFile(url("/a.json"));

    assertThatThrownBy(() -> ServiceConfig.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot point to another source");
  }

  @Test
  void load_sourceAnsweringAnError_namesTheUrlAndStatus() throws IOException {
    writeSourceFile(url("/missing.json"));

    assertThatThrownBy(() -> ServiceConfig.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(url("/missing.json"))
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void load_malformedFetchedJson_namesTheUrl() throws IOException {
    served.put("/bad.json", "{\"cluster\": ");
    writeSourceFile(url("/bad.json"));

    assertThatThrownBy(() -> ServiceConfig.load(dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(url("/bad.json") + ": malformed JSON at line 1");
  }
}
