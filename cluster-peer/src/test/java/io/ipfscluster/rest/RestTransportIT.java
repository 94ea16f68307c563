package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Protocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Listeners, TLS, timeouts, header limits, the access log and the API's lifecycle. */
class RestTransportIT {
  @TempDir Path dir;
  final FakeCluster cluster = new FakeCluster();

  private RestApi start(ApiConfigs c) throws Exception {
    RestApi api = RestApi.builder(c.build(), cluster).configDir(dir).build();
    api.start();
    return api;
  }

  @ParameterizedTest
  @EnumSource(SelfSignedCert.KeyForm.class)
  void tls_servesWithTheCertificateAndKeyOfPemFiles_relativeToTheConfigFolder(
      SelfSignedCert.KeyForm form) throws Exception {
    SelfSignedCert cert = new SelfSignedCert(form);
    Files.createDirectories(dir.resolve("tls"));
    cert.write(dir.resolve("tls"));
    ApiConfigs c = new ApiConfigs();
    c.cert = "tls/cert.pem";
    c.key = "tls/key.pem";

    try (RestApi api = start(c)) {
      int port = Integer.parseInt(api.listenAddresses().get(0).valueOf(Protocol.TCP).orElseThrow());
      HttpRequest version =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/version")).build();

      HttpResponse<String> r =
          cert.trustingClient("TLSv1.3").send(version, HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      if (form != SelfSignedCert.KeyForm.SEC1_EC) { // the original's TLS 1.2 suites are RSA ones
        assertThat(
                cert.trustingClient("TLSv1.2")
                    .send(version, HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(r.body()).isEqualTo("{\"version\":\"1.1.6\"}\n");
    }
  }

  @Test
  void tls_servesAHostThatTheCertificateDoesNotName_asGoDoes() throws Exception {
    SelfSignedCert cert = new SelfSignedCert(SelfSignedCert.KeyForm.SEC1_EC);
    cert.write(dir);
    ApiConfigs c = new ApiConfigs();
    c.cert = "cert.pem";
    c.key = "key.pem";
    try (RestApi api = start(c);
        Socket s =
            cert.trustingContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", new Http(api).port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream()
          .write(
              "GET /version HTTP/1.1\r\nHost: cluster.example\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));

      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("{\"version\":\"1.1.6\"}\n");
    }
  }

  @Test
  void tls_withAMissingKey_failsToStartNamingTheFile() {
    ApiConfigs c = new ApiConfigs();
    c.cert = "cert.pem";
    c.key = "key.pem";
    RestApi api = RestApi.builder(c.build(), cluster).configDir(dir).build();

    assertThatThrownBy(api::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("error loading TLS certificate/key: ")
        .hasMessageContaining("cert.pem");
  }

  @Test
  void unixSocket_servesBesideTcp() throws Exception {
    Path socket = dir.resolve("api.sock");
    ApiConfigs c = new ApiConfigs();
    c.listen = List.of("/ip4/127.0.0.1/tcp/0", "/unix" + socket);
    HttpClient client = new HttpClient();
    client.start();
    try (RestApi api = start(c)) {
      assertThat(api.listenAddresses()).hasSize(2);
      assertThat(api.listenAddresses().get(1)).isEqualTo(Multiaddr.parse("/unix" + socket));

      ContentResponse r =
          client
              .newRequest("http://localhost/version")
              .transport(new Transport.TCPUnix(socket))
              .timeout(10, TimeUnit.SECONDS)
              .send();

      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentAsString()).isEqualTo("{\"version\":\"1.1.6\"}\n");
      assertThat(new Http(api).get("/version").statusCode()).isEqualTo(200);
    } finally {
      client.stop();
    }
  }

  @Test
  void headersBeyondMaxHeaderBytesAndGosSlop_are431() throws Exception {
    try (RestApi api = start(new ApiConfigs())) {
      Http http = new Http(api);

      String big = http.raw("GET", "/version", "X-Big", "a".repeat(9000));
      // Go reads max_header_bytes plus 4096 bytes before it refuses.
      String fits = http.raw("GET", "/version", "X-Big", "a".repeat(6000));

      assertThat(big).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
      assertThat(big).endsWith("\r\n\r\n431 Request Header Fields Too Large");
      assertThat(fits).startsWith("HTTP/1.1 200 OK\r\n");
    }
  }

  @Test
  void readHeaderTimeout_closesAConnectionThatNeverFinishesItsHeaders() throws Exception {
    ApiConfigs c = new ApiConfigs();
    c.readHeaderTimeout = Duration.ofMillis(300);
    try (RestApi api = start(c);
        Socket s = new Socket("127.0.0.1", new Http(api).port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /version HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();

      InputStream in = s.getInputStream();
      // The server ends the connection (possibly after a 408); a read timeout would throw here.
      in.readAllBytes();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void keepAlive_servesSeveralRequestsOnOneConnection_pastTheHeaderTimeout() throws Exception {
    ApiConfigs c = new ApiConfigs();
    c.readHeaderTimeout = Duration.ofMillis(200);
    try (RestApi api = start(c)) {
      Http http = new Http(api);
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/version").statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void accessLog_writesCommonLogFormat_toTheFileRelativeToTheConfigFolder() throws Exception {
    ApiConfigs c = new ApiConfigs();
    c.logFile = "access.log";
    try (RestApi api = start(c)) {
      Http http = new Http(api);
      http.get("/version");
      http.get("/pins/nope?local=true");

      Path log = dir.resolve("access.log");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
      List<String> lines = Files.readAllLines(log);
      String stamp = "\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}]";
      assertThat(lines.get(0))
          .matches("127\\.0\\.0\\.1 - - " + stamp + " \"GET /version HTTP/1\\.1\" 200 20");
      assertThat(lines.get(1))
          .matches(
              "127\\.0\\.0\\.1 - - "
                  + stamp
                  + " \"GET /pins/nope\\?local=true HTTP/1\\.1\" 400 \\d+");
    }
  }

  @Test
  void startAndClose_areIdempotent_andAClosedApiDoesNotStartAgain() throws Exception {
    RestApi api = start(new ApiConfigs());
    List<Multiaddr> first = api.listenAddresses();
    api.start();
    assertThat(api.listenAddresses()).isEqualTo(first);

    api.close();
    api.close();

    assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listenAddress_thatIsNeitherTcpNorUnix_isRefused() {
    ApiConfigs c = new ApiConfigs();
    c.listen = List.of("/ip4/127.0.0.1/udp/9094");
    RestApi api = RestApi.builder(c.build(), cluster).build();

    assertThatThrownBy(api::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/ip4/127.0.0.1/udp/9094");
  }
}
