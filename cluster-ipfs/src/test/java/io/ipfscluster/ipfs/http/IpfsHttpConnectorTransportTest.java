package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against {@link FakeKubo}: error texts, time limits, back-off and transports. */
class IpfsHttpConnectorTransportTest extends ConnectorTestSupport {

  // --- errors, limits, back-off, transports

  @Test
  void errorThatIsNotKubosJson_keepsTheOriginalsIsItRunningText() {
    kubo.on("block/get", c -> c.text(502, "bad gateway"));

    assertThatThrownBy(() -> connect().blockGet(CID))
        .hasMessage(
            "IPFS request failed (is it running?) (block/get?arg="
                + CID
                + "). Code 502: bad gateway");
  }

  @Test
  void unreachableNode_failsWithAClearMessage() throws Exception {
    Multiaddr nowhere = kubo.address();
    kubo.close();

    assertThatThrownBy(() -> connect(nowhere, s -> s, PeerHooks.none()).repoStat())
        .isInstanceOf(IpfsException.class)
        .hasMessageStartingWith(
            "IPFS request failed (is it running?) (repo/stat?size-only=true): "
                + "cannot reach the IPFS node at "
                + nowhere);
  }

  @Test
  void slowNode_failsAfterTheRequestTimeout_namingIt() {
    kubo.on("swarm/peers", FakeKubo.Call::hang);

    assertThatThrownBy(
            () -> connect(s -> s.withRequestTimeout(Duration.ofMillis(200))).swarmPeers())
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.ipfs_request_timeout"))
        .hasMessage(
            "IPFS request timed out after 200ms (swarm/peers); "
                + "raise ipfs_connector.ipfshttp.ipfs_request_timeout if the node is just slow");
  }

  @Test
  void manyTransportFailures_throttleRequests_untilTheNodeAnswersAgain() throws Exception {
    Multiaddr addr = kubo.address();
    int port = Integer.parseInt(addr.valueOf(io.ipfscluster.multiformats.Protocol.TCP).get());
    kubo.close();
    IpfsHttpConnector ipfs = connect(addr, s -> s, PeerHooks.none());

    for (int i = 0; i <= TransportBackoff.FREE_FAILURES; i++) {
      assertThat(ipfs.throttling()).isFalse();
      assertThatThrownBy(ipfs::swarmPeers).hasMessageContaining("cannot reach the IPFS node");
    }
    assertThat(ipfs.throttling()).isTrue();

    kubo = track(new FakeKubo(port));
    kubo.answer("swarm/peers", "{\"Peers\":[]}");
    assertThat(ipfs.swarmPeers()).isEmpty();
    assertThat(ipfs.throttling()).isFalse();
  }

  @Test
  void unixSocketNode_isReachable(@TempDir Path dir) throws Exception {
    Path socket = Files.createDirectories(dir).resolve("api.sock");
    kubo = track(new FakeKubo(socket));
    kubo.answer("id", "{\"ID\":\"" + PEER + "\",\"Addresses\":[]}");

    IpfsHttpConnector ipfs = connect(kubo.address(), s -> s, PeerHooks.none());

    assertThat(kubo.address().toString()).startsWith("/unix/");
    assertThat(ipfs.id().id()).isEqualTo(PeerId.parse(PEER));
  }

  @Test
  void informerTriggerInterval_sendsMetricsEveryNOperations() {
    notPinned().answer("pin/add", "{\"Pins\":[]}");
    AtomicInteger sent = new AtomicInteger();
    PeerHooks hooks = new PeerHooks("test", sent::incrementAndGet, List::of);
    IpfsHttpConnector ipfs = connect(kubo.address(), s -> s.withInformerTriggerInterval(2), hooks);

    ipfs.pin(Pin.of(CID)); // counts at its start and end

    await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() == 1);
  }

  @Test
  void close_isIdempotent_andLaterCallsFail() {
    IpfsHttpConnector ipfs = connect();
    ipfs.close();
    ipfs.close();

    assertThatThrownBy(ipfs::swarmPeers).isInstanceOf(IpfsException.class);
  }

  @Test
  void httpsNode_isReachable_withItsCertificateTrusted(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("kubo.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "kubo",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    SslContextFactory.Server serverTls = new SslContextFactory.Server();
    serverTls.setKeyStorePath(keyStore.toString());
    serverTls.setKeyStorePassword("changeit");
    kubo = track(new FakeKubo(serverTls));
    kubo.answer("repo/stat", "{\"RepoSize\":1,\"StorageMax\":2}");
    SslContextFactory.Client clientTls = new SslContextFactory.Client();
    clientTls.setTrustStorePath(keyStore.toString());
    clientTls.setTrustStorePassword("changeit");
    IpfsHttpSettings settings = IpfsHttpSettings.forNode(kubo.address());

    IpfsHttpConnector ipfs = track(new IpfsHttpConnector(settings, PeerHooks.none(), clientTls));

    assertThat(settings.https()).isTrue();
    assertThat(ipfs.repoStat()).isEqualTo(new IpfsRepoStat(1, 2));
    Multiaddr withoutHttps = Multiaddr.parse(kubo.address().toString().replace("/https", ""));
    IpfsHttpConnector plain =
        track(
            new IpfsHttpConnector(IpfsHttpSettings.forNode(withoutHttps), PeerHooks.none(), null));
    assertThatThrownBy(plain::repoStat)
        .as("plain HTTP to an HTTPS node")
        .isInstanceOf(IpfsException.class);
  }
}
