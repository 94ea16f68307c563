package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection manager on a server's incoming connections: floods of peers and of raw sockets are
 * trimmed to the bounds, and trimmed peers call again.
 */
@Timeout(60)
class InboundConnectionsIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final ConnectionManagerConfig SMALL =
      new ConnectionManagerConfig(4, 2, Duration.ofMillis(1));

  private final List<AutoCloseable> open = new ArrayList<>();

  private <T extends AutoCloseable> T closeLater(T c) {
    open.add(c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private RpcTestPeer server() {
    return closeLater(
        RpcTestPeer.server(
            SECRET,
            RpcLimits.defaults().withInboundConnections(SMALL),
            new PinTrackerService(new FakeTracker(null, 1))));
  }

  private RpcTestPeer caller(RpcTestPeer server) {
    RpcTestPeer c = closeLater(RpcTestPeer.client(SECRET));
    server.trusts(c);
    c.knows(server);
    return c;
  }

  @Test
  void flood_morePeersThanHighWater_keepsAtMostHighWater_andTrimmedPeersCallAgain() {
    RpcTestPeer server = server();
    List<RpcTestPeer> callers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      RpcTestPeer c = caller(server);
      c.tracker(server).status(FakeTracker.cid(0));
      callers.add(c);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> server.inboundConnections() <= 4);
    // The first callers were trimmed: their next call dials again.
    assertThat(callers.getFirst().tracker(server).status(FakeTracker.cid(0)).cid())
        .isEqualTo(FakeTracker.cid(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.inboundConnections() <= 4);
  }

  @Test
  void flood_rawSocketsThatNeverHandshake_trimmed_andAPeerStillCalls() throws Exception {
    RpcTestPeer server = server();
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sockets.add(
          closeLater(new Socket(server.address().getAddress(), server.address().getPort())));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> server.inboundConnections() <= 4);
    RpcTestPeer c = caller(server);
    assertThat(c.tracker(server).status(FakeTracker.cid(0)).cid()).isEqualTo(FakeTracker.cid(0));
    assertThat(sockets).hasSize(20);
  }
}
