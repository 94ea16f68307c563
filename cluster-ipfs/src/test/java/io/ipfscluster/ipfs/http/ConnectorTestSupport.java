package io.ipfscluster.ipfs.http;

import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the connector's unit tests share: a {@link FakeKubo} and connectors to it, closed after each
 * test.
 */
@Timeout(30)
abstract class ConnectorTestSupport {
  static final String PEER = "12D3KooW9qdzom1rQ8E6vG9e18eDVvjBx2KBDWM1Hx9zdK3Dak9e";
  static final TestBlocks BLOCKS = new TestBlocks(7);
  static final Block A = BLOCKS.raw(100);
  static final Block B = BLOCKS.raw(200);
  static final Cid CID = A.cid();

  final List<AutoCloseable> open = new ArrayList<>();
  FakeKubo kubo = track(new FakeKubo());

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  IpfsHttpConnector connect(UnaryOperator<IpfsHttpSettings> tweak) {
    return connect(kubo.address(), tweak, PeerHooks.named("test"));
  }

  IpfsHttpConnector connect() {
    return connect(s -> s);
  }

  IpfsHttpConnector connect(
      Multiaddr node, UnaryOperator<IpfsHttpSettings> tweak, PeerHooks hooks) {
    IpfsHttpSettings s =
        IpfsHttpSettings.forNode(node)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withPinTimeout(Duration.ofSeconds(5))
            .withConnectSwarmsDelay(Duration.ZERO);
    return track(new IpfsHttpConnector(tweak.apply(s), hooks, null));
  }

  IpfsHttpConnector started(
      Multiaddr node, UnaryOperator<IpfsHttpSettings> tweak, PeerHooks hooks) {
    IpfsHttpConnector c = connect(node, tweak, hooks);
    c.startBackground();
    return c;
  }

  static String pinLine(Cid cid, String type) {
    return "{\"Cid\":\"" + cid + "\",\"Type\":\"" + type + "\"}";
  }

  FakeKubo notPinned() {
    return kubo.on(
        "pin/ls",
        c ->
            c.json(
                500,
                "{\"Message\":\"path '"
                    + c.param("arg")
                    + "' is not pinned\",\"Code\":0,\"Type\":\"error\"}"));
  }
}
