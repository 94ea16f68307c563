package io.ipfscluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failover, timeouts, TLS, Unix sockets, redirects and broken answers. */
@Timeout(30)
class ClientTransportTest {
  @TempDir Path dir;

  /** A loopback port nothing listens on. */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Multiaddr tcp(int port) {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
  }

  @Test
  void failover_unreachableFirstHost_usesTheNext() throws Exception {
    try (FakeApi api = FakeApi.start()) {
      api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults().withHosts(List.of(tcp(deadPort()), api.addr())));

      assertThat(c.version().version()).isEqualTo("1.1.6");
    }
  }

  @Test
  void failover_apiError_isNotRetriedElsewhere() throws Exception {
    try (FakeApi first = FakeApi.start();
        FakeApi second = FakeApi.start()) {
      first.on("GET", "/version", x -> x.json(500, "{\"code\":500,\"message\":\"boom\"}"));
      second.json("GET", "/version", "{\"version\":\"1.1.6\"}");
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults().withHosts(List.of(first.addr(), second.addr())));

      assertThatThrownBy(c::version).isInstanceOf(ApiException.class).hasMessage("boom");
      assertThat(second.requests()).isEmpty();
    }
  }

  @Test
  void unreachable_everyHost_reportsTheLastAsGoDoes() throws Exception {
    int port = deadPort();
    ClusterClient c = new ClusterClient(ClientConfig.defaults().withHosts(List.of(tcp(port))));

    assertThatThrownBy(c::id)
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> {
              assertThat(e.code()).isZero();
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Get \"http://127.0.0.1:"
                          + port
                          + "/id\": dial tcp 127.0.0.1:"
                          + port
                          + ": connect: connection refused");
            });
  }

  @Test
  void timeout_noAnswer_isRequestTimeout() throws Exception {
    try (FakeApi api = FakeApi.start()) {
      api.on("GET", "/id", x -> api.hang());
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults()
                  .withHosts(List.of(api.addr()))
                  .withTimeout(Duration.ofMillis(200)));

      assertThatThrownBy(c::id)
          .isInstanceOf(RequestTimeoutException.class)
          .hasMessageContaining("/id\": context deadline exceeded");
    }
  }

  @Test
  void timeout_coversTheWholeStream() throws Exception {
    try (FakeApi api = FakeApi.start()) {
      api.on("GET", "/pins", x -> x.streamAndHang(List.of(ApiFixtures.GPI)));
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults()
                  .withHosts(List.of(api.addr()))
                  .withTimeout(Duration.ofMillis(300)));

      ResultStream<GlobalPinInfo> s = c.statusAll(StatusFilter.ALL, false);
      assertThat(s.next()).isNotNull();
      assertThatThrownBy(s::hasNext).isInstanceOf(RequestTimeoutException.class);
    }
  }

  @Test
  void tls_skipCheck_acceptsSelfSigned() throws Exception {
    try (FakeApi api = FakeApi.startTls()) {
      api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults()
                  .withHosts(List.of(api.addr()))
                  .withHttps(true)
                  .withSkipCertificateCheck(true));

      assertThat(c.version().version()).isEqualTo("1.1.6");
    }
  }

  @Test
  void tls_defaultTrust_rejectsSelfSigned() throws Exception {
    try (FakeApi api = FakeApi.startTls()) {
      ClusterClient c =
          new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())).withHttps(true));

      assertThatThrownBy(c::version)
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("https://127.0.0.1:" + api.port() + "/version\": tls: ");
    }
  }

  @Test
  void tls_customTrust_acceptsItsCertificate() throws Exception {
    Path crt = Path.of(getClass().getResource("/tls/server.crt").toURI());
    try (FakeApi api = FakeApi.startTls()) {
      api.json("GET", "/version", "{\"version\":\"1.1.6\"}");
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults()
                  .withHosts(
                      List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + api.port() + "/https")))
                  .withSslContext(ClientConfig.trusting(crt)));

      assertThat(c.version().version()).isEqualTo("1.1.6");
    }
  }

  @Test
  void plainHttp_toTlsServer_fails() throws Exception {
    try (FakeApi api = FakeApi.startTls()) {
      ClusterClient c = new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())));

      assertThatThrownBy(c::version).isInstanceOf(ClientException.class);
    }
  }

  @Test
  void redirect307_isFollowedWithTheSameMethod() throws Exception {
    try (FakeApi api = FakeApi.start()) {
      api.on(
          "POST",
          "/pins/ipfs/" + ApiFixtures.CID + "/",
          x -> x.header("Location", "/pins/ipfs/" + ApiFixtures.CID + "?name=moved").empty(307));
      api.json("POST", "/pins/ipfs/" + ApiFixtures.CID, ApiFixtures.PIN);
      ClusterClient c = new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())));

      c.pinPath("/ipfs/" + ApiFixtures.CID + "/", io.ipfscluster.api.PinOptions.defaults());

      assertThat(api.requests())
          .extracting(FakeApi.Recorded::method)
          .containsExactly("POST", "POST");
      assertThat(api.last().target()).isEqualTo("/pins/ipfs/" + ApiFixtures.CID + "?name=moved");
    }
  }

  @Test
  void truncatedStream_isTransportError() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTrailer: X-Stream-Error\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    String item = ApiFixtures.GPI + "\n";
    String chunk =
        Integer.toHexString(item.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + item + "\r\n";
    try (RawServer raw = new RawServer(head + chunk)) {
      ClusterClient c =
          new ClusterClient(ClientConfig.defaults().withHosts(List.of(tcp(raw.port()))));

      ResultStream<GlobalPinInfo> s = c.statusAll(StatusFilter.ALL, false);
      assertThat(s.next()).isNotNull();
      assertThatThrownBy(s::hasNext)
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("unexpected EOF");
    }
  }

  @Test
  void streamTrailers_withSeveralErrors_areJoined() throws Exception {
    String body =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\nX-Stream-Error: first\r\nX-Stream-Error: \r\nX-Stream-Error: second\r\n\r\n";
    try (RawServer raw = new RawServer(body)) {
      ClusterClient c =
          new ClusterClient(ClientConfig.defaults().withHosts(List.of(tcp(raw.port()))));

      assertThatThrownBy(() -> c.peers().toList())
          .isInstanceOf(ApiException.class)
          .hasMessage("first; second");
    }
  }

  @Test
  void unixSocket_servesTheApi() throws Exception {
    Path socket = dir.resolve("api.sock");
    AtomicReference<String> request = new AtomicReference<>();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (SocketChannel ch = server.accept()) {
                      ByteBuffer buf = ByteBuffer.allocate(4096);
                      StringBuilder sb = new StringBuilder();
                      while (!sb.toString().contains("\r\n\r\n") && ch.read(buf) > 0) {
                        buf.flip();
                        sb.append(StandardCharsets.UTF_8.decode(buf));
                        buf.clear();
                      }
                      request.set(sb.toString());
                      String body = "{\"version\":\"1.1.6\"}\n";
                      ch.write(
                          StandardCharsets.UTF_8.encode(
                              "HTTP/1.1 200 OK\r\nContent-Length: "
                                  + body.length()
                                  + "\r\n\r\n"
                                  + body));
                    } catch (IOException e) {
                      throw new RuntimeException(e);
                    }
                  });
      ClusterClient c =
          new ClusterClient(
              ClientConfig.defaults().withHosts(List.of(Multiaddr.parse("/unix" + socket))));

      assertThat(c.version().version()).isEqualTo("1.1.6");
      t.join();
      assertThat(request.get()).startsWith("GET /version HTTP/1.1\r\nHost: restapi\r\n");
    }
  }

  @Test
  void unixSocket_missing_saysDialUnix() {
    Path socket = dir.resolve("none.sock");
    ClusterClient c =
        new ClusterClient(
            ClientConfig.defaults().withHosts(List.of(Multiaddr.parse("/unix" + socket))));

    assertThatThrownBy(c::version)
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("http+unix://restapi/version\": dial unix " + socket + ": connect: ");
  }

  /** Answers every connection with the same bytes, then closes it. */
  private static final class RawServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    RawServer(String answer) throws IOException {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!server.isClosed()) {
                      try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        StringBuilder sb = new StringBuilder();
                        int b;
                        while (!sb.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
                          sb.append((char) b);
                        }
                        OutputStream out = s.getOutputStream();
                        out.write(answer.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                      } catch (IOException e) {
                        return;
                      }
                    }
                  });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.close();
      thread.join();
    }
  }
}
