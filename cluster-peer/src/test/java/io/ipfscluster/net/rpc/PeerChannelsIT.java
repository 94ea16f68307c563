package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dialling side of the peer channels against sockets that misbehave. */
@Timeout(60)
class PeerChannelsIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());

  /** cluster.dial_peer_timeout of the dialling peer. */
  private static final Duration DIAL_TIMEOUT = Duration.ofMillis(300);

  /**
   * Far longer than the dial timeout, and shorter than the time a dial would take without it: TCP
   * retries a connect for minutes, and Netty gives up a TLS handshake after 10 s.
   */
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(8);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void call_toAPeerWhoseTcpConnectNeverCompletes_failsWithTheDialTimeout_notTheCallDeadline()
      throws IOException {
    assertDialTimesOut(listenerThatAcceptsNoMoreConnections());
  }

  @Test
  void call_toAPeerThatNeverAnswersTheTlsHandshake_failsWithTheDialTimeout_notTheCallDeadline()
      throws IOException {
    // The kernel completes the TCP handshake for a listener that never accepts; nobody answers.
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(listener);

    assertDialTimesOut((InetSocketAddress) listener.getLocalSocketAddress());
  }

  /** A call to a peer at {@code address} fails as unreachable, not at its deadline. */
  private void assertDialTimesOut(InetSocketAddress address) {
    PeerId peer = Identity.generate().peerId();
    PeerChannels channels =
        new PeerChannels(
            PeerTls.create(Identity.generate(), SECRET),
            p -> List.of(address),
            DIAL_TIMEOUT,
            ConnectionManagerConfig.defaults(),
            RpcLimits.defaults());
    open.add(channels);
    RemoteCluster remote = new RemoteCluster(channels.channel(peer), peer, CALL_DEADLINE);

    assertThatThrownBy(remote::id)
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("cannot reach peer " + peer)
                  .contains("timed out");
            });
  }

  /**
   * A loopback listener whose accept queue is full: the kernel drops further connection attempts,
   * so a connect neither succeeds nor fails until the dialler gives up.
   */
  private InetSocketAddress listenerThatAcceptsNoMoreConnections() throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    open.add(listener);
    InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
    for (int i = 0; i < 16; i++) {
      Socket filler = new Socket();
      open.add(filler);
      try {
        filler.connect(address, 500);
      } catch (SocketTimeoutException full) {
        return address;
      }
    }
    return Assumptions.abort("this kernel never filled the accept queue of a listener");
  }
}
