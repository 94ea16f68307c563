package io.ipfscluster.ipfs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.TestDags;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listeners, a client that walks away, and a port already taken. */
@Timeout(60)
class EmbeddedIpfsNodeLifecycleIT {
  @TempDir Path repo;

  private static String raw(SocketChannel channel, String request) throws Exception {
    channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void unixSocket_servesTheApi() throws Exception {
    Path socket = repo.resolve("api.sock");
    try (EmbeddedIpfsNode node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo.resolve("node"))
                .withApiAddresses(List.of(Multiaddr.parse("/unix" + socket))),
            BlockSource.none())) {
      assertThat(node.apiAddresses()).containsExactly(Multiaddr.parse("/unix" + socket));
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(socket));
        String reply =
            raw(
                channel,
                "POST /api/v0/id HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");

        assertThat(reply)
            .startsWith("HTTP/1.1 200")
            .contains(node.node().identity().peerId().toString());
      }
    }
  }

  @Test
  void pinAdd_clientGoesAway_stopsThePinAndFreesTheNode() throws Exception {
    try (EmbeddedIpfsNode node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo.resolve("node"))
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .withPinTimeout(Duration.ofMinutes(5)),
            BlockSource.none())) {
      int port =
          Integer.parseInt(node.apiAddresses().getFirst().toString().replaceAll(".*/tcp/", ""));
      Cid missing = TestDags.rawLeaf(TestDags.utf8("nobody has this")).cid();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /api/v0/pin/add?arg="
                    + missing
                    + "&progress=true HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("{")) {
          // headers and chunk sizes, until the first progress line
        }
        assertThat(line).isEqualTo("{}"); // kubo leaves Progress out while it is 0
      } // the client walks away in the middle of the pin

      // Garbage collection waits for pins in progress: it runs once the abandoned pin has stopped.
      RpcClient rpc = new RpcClient("http://127.0.0.1:" + port);
      long started = System.nanoTime();
      assertThat(rpc.post("/api/v0/repo/gc").status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void start_portInUse_failsNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + taken.getLocalPort());

      assertThatThrownBy(
              () ->
                  EmbeddedIpfsNode.start(
                      EmbeddedNodeConfig.defaults(repo.resolve("node"))
                          .withApiAddresses(List.of(address)),
                      BlockSource.none()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(address.toString());
    }
    // The repository was released: it opens again.
    try (EmbeddedIpfsNode node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo.resolve("node"))
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))),
            BlockSource.none())) {
      assertThat(node.apiAddresses()).hasSize(1);
    }
  }
}
