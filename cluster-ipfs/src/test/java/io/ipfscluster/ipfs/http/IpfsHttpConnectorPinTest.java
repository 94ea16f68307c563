package io.ipfscluster.ipfs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multibase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The connector against {@link FakeKubo}: pin, unpin and pin listing, their queries and limits. */
class IpfsHttpConnectorPinTest extends ConnectorTestSupport {

  // --- pin

  @Test
  void pin_recursive_checksThenPinsWithProgress() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");

    connect().pin(Pin.of(CID));

    assertThat(kubo.calls())
        .containsExactly(
            "pin/ls?stream=true&arg=" + CID + "&type=recursive",
            "pin/add?arg=" + CID + "&recursive=true&progress=true");
  }

  @Test
  void pin_directAndLimitedDepth_sendTheOriginalsArguments() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    IpfsHttpConnector ipfs = connect();

    ipfs.pin(Pin.of(CID, PinOptions.defaults().withMode(PinMode.DIRECT)));
    ipfs.pin(new Pin(CID, PinType.SHARD, List.of(), 2, null, null, PinOptions.defaults()));

    assertThat(kubo.calls())
        .containsExactly(
            "pin/ls?stream=true&arg=" + CID + "&type=direct",
            "pin/add?arg=" + CID + "&recursive=false&progress=true",
            "pin/ls?stream=true&arg=" + CID + "&type=recursive",
            "pin/add?arg=" + CID + "&max-depth=2&recursive=true&progress=true");
  }

  @Test
  void pin_alreadyPinned_doesNotCallPinAdd() {
    kubo.on("pin/ls", c -> c.line(pinLine(CID, "recursive")));

    connect().pin(Pin.of(CID));

    assertThat(kubo.calls("pin/add")).isEmpty();
  }

  @Test
  void pin_progressThatKeepsGrowing_outlivesPinTimeout() {
    notPinned()
        .on(
            "pin/add",
            c -> {
              for (int i = 1; i <= 12; i++) {
                c.line("{\"Progress\":" + i + "}");
                c.pause(50);
              }
              c.line("{\"Pins\":[\"" + CID + "\"]}");
            });

    connect(s -> s.withPinTimeout(Duration.ofMillis(400))).pin(Pin.of(CID));

    assertThat(kubo.calls("pin/add")).hasSize(1);
  }

  @Test
  void pin_progressThatStalls_failsAfterPinTimeout() {
    notPinned()
        .on(
            "pin/add",
            c -> {
              c.line("{\"Progress\":1}");
              c.line("{\"Progress\":1}"); // a repeat is no progress
              c.hang();
            });
    IpfsHttpConnector ipfs = connect(s -> s.withPinTimeout(Duration.ofMillis(300)));

    assertThatThrownBy(() -> ipfs.pin(Pin.of(CID)))
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> {
              assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.pin_timeout");
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
            })
        .hasMessageContaining("made no progress for 300ms")
        .hasMessageContaining("pin/add?arg=" + CID);
  }

  @Test
  void pin_nodeThatNeverAnswers_failsAfterPinTimeout_withoutCountingAsTransportFailure() {
    notPinned().on("pin/add", FakeKubo.Call::hang); // js-ipfs: no headers until the DAG is there
    IpfsHttpConnector ipfs = connect(s -> s.withPinTimeout(Duration.ofMillis(300)));

    assertThatThrownBy(() -> ipfs.pin(Pin.of(CID))).isInstanceOf(IpfsTimeoutException.class);
    assertThat(ipfs.throttling()).isFalse();
  }

  @Test
  void pin_withPinUpdate_fromPinnedRecursively_usesPinUpdate() {
    Cid from = B.cid();
    kubo.on(
        "pin/ls",
        c -> {
          if (c.param("arg").equals(from.toString())) {
            c.line(pinLine(from, "recursive"));
          } else {
            c.json(500, "{\"Message\":\"path is not pinned\",\"Code\":0,\"Type\":\"error\"}");
          }
        });
    kubo.answer("pin/update", "{\"Pins\":[\"" + from + "\",\"" + CID + "\"]}");

    connect().pin(Pin.of(CID, PinOptions.defaults().withPinUpdate(from)));

    assertThat(kubo.calls("pin/update"))
        .containsExactly("pin/update?arg=" + from + "&arg=" + CID + "&unpin=false");
    assertThat(kubo.calls("pin/add")).isEmpty();
  }

  @Test
  void pin_withPinUpdate_onNodeWithoutPinUpdate_fallsBackToPinAdd_andRemembers() {
    Cid from = B.cid();
    kubo.on(
        "pin/ls",
        c -> {
          if (c.param("arg").equals(from.toString())) {
            c.line(pinLine(from, "recursive"));
          } else {
            c.json(500, "{\"Message\":\"path is not pinned\",\"Code\":0,\"Type\":\"error\"}");
          }
        });
    kubo.on("pin/update", c -> c.json(404, "{\"Message\":\"Not Found\",\"Code\":3}"));
    kubo.answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    IpfsHttpConnector ipfs = connect();
    Pin update = Pin.of(CID, PinOptions.defaults().withPinUpdate(from));

    ipfs.pin(update);
    ipfs.pin(update);

    assertThat(kubo.calls("pin/update")).hasSize(1);
    assertThat(kubo.calls("pin/add")).hasSize(2);
  }

  @Test
  void pin_withOrigins_connectsToTheFirstTenBeforePinning() {
    notPinned().answer("pin/add", "{\"Pins\":[\"" + CID + "\"]}");
    kubo.answer("swarm/connect", "{\"Strings\":[\"ok\"]}");
    List<Multiaddr> origins =
        IntStream.range(0, 12)
            .mapToObj(i -> Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/4001/p2p/" + PEER))
            .toList();
    kubo.on(
        "pin/add",
        c -> {
          c.pause(300); // give the connects time to arrive, as a fetching pin would
          c.line("{\"Pins\":[\"" + CID + "\"]}");
        });

    connect().pin(Pin.of(CID, PinOptions.defaults().withOrigins(origins)));

    assertThat(kubo.calls("swarm/connect"))
        .hasSize(10)
        .allMatch(c -> c.startsWith("swarm/connect?arg=%2Fip4%2F10.0.0."));
  }

  // --- unpin

  @Test
  void unpin_cidThatIsNotPinned_succeeds_forKuboAndJsIpfsTexts() {
    List<String> messages =
        List.of(
            "not pinned or pinned indirectly",
            "Failed to remove pin: " + CID + " is not pinned",
            "Failed to remove pin: " + CID + " is pinned indirectly under indirect");
    AtomicInteger i = new AtomicInteger();
    kubo.on(
        "pin/rm",
        c -> c.json(500, "{\"Message\":\"" + messages.get(i.getAndIncrement()) + "\",\"Code\":0}"));
    IpfsHttpConnector ipfs = connect();

    for (int n = 0; n < messages.size(); n++) {
      ipfs.unpin(CID);
    }

    assertThat(kubo.calls("pin/rm")).hasSize(3).allMatch(c -> c.equals("pin/rm?arg=" + CID));
  }

  @Test
  void unpin_otherNodeError_failsWithTheOriginalsText() {
    kubo.on("pin/rm", c -> c.json(500, "{\"Message\":\"disk on fire\",\"Code\":0}"));

    assertThatThrownBy(() -> connect().unpin(CID))
        .isInstanceOf(IpfsException.class)
        .hasMessage("IPFS error (pin/rm?arg=" + CID + "). Code: 500. Message: disk on fire");
  }

  @Test
  void unpin_whenDisabled_failsWithoutAskingTheNode() {
    assertThatThrownBy(() -> connect(s -> s.withUnpinDisable(true)).unpin(CID))
        .hasMessage("ipfs unpinning is disallowed by configuration on this peer");
    assertThat(kubo.calls("pin/rm")).isEmpty();
  }

  @Test
  void unpin_slowerThanUnpinTimeout_namesUnpinTimeout() {
    kubo.on("pin/rm", FakeKubo.Call::hang);

    assertThatThrownBy(() -> connect(s -> s.withUnpinTimeout(Duration.ofMillis(200))).unpin(CID))
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.unpin_timeout"))
        .hasMessageContaining("timed out after 200ms (pin/rm?arg=" + CID + ")");
  }

  // --- pin/ls

  @Test
  void pinLsCid_readsEachStatus() {
    kubo.on(
        "pin/ls",
        c ->
            c.line(
                pinLine(
                    Cid.parse(c.param("arg")),
                    c.param("type").equals("direct") ? "direct" : "indirect through " + B.cid())));
    IpfsHttpConnector ipfs = connect();

    assertThat(ipfs.pinLsCid(Pin.of(CID))).isEqualTo(IpfsPinStatus.INDIRECT);
    assertThat(ipfs.pinLsCid(Pin.of(CID, PinOptions.defaults().withMode(PinMode.DIRECT))))
        .isEqualTo(IpfsPinStatus.DIRECT);
  }

  @Test
  void pinLsCid_notPinnedError_isUnpinned_otherErrorsThrow() {
    notPinned();
    assertThat(connect().pinLsCid(Pin.of(CID))).isEqualTo(IpfsPinStatus.UNPINNED);

    kubo.on("pin/ls", c -> c.json(500, "{\"Message\":\"datastore closed\"}"));
    assertThatThrownBy(() -> connect().pinLsCid(Pin.of(CID)))
        .hasMessage(
            "IPFS error (pin/ls?stream=true&arg="
                + CID
                + "&type=recursive). Code: 500. Message: datastore closed");
  }

  @Test
  void pinLs_listsEveryRequestedType_andNormalisesCids() {
    String base58v1 = A.cid().toString(Multibase.BASE58_BTC); // as js-ipfs writes CIDv1
    kubo.on(
        "pin/ls",
        c -> {
          switch (c.param("type")) {
            case "recursive" -> c.line("{\"Cid\":\"" + base58v1 + "\",\"Type\":\"recursive\"}");
            case "direct" -> c.line(pinLine(B.cid(), "direct"));
            default -> throw new AssertionError(c.param("type"));
          }
        });

    List<IpfsPinInfo> pins;
    try (Stream<IpfsPinInfo> s = connect().pinLs(Set.of("direct", "recursive"))) {
      pins = s.toList();
    }

    assertThat(pins)
        .containsExactly(
            new IpfsPinInfo(A.cid(), IpfsPinStatus.RECURSIVE),
            new IpfsPinInfo(B.cid(), IpfsPinStatus.DIRECT));
    assertThat(pins.getFirst().cid().toString()).startsWith("bafkrei");
    assertThat(kubo.calls())
        .containsExactly("pin/ls?stream=true&type=recursive", "pin/ls?stream=true&type=direct");
  }

  @Test
  void pinLs_streamErrorTrailer_fails() {
    kubo.on(
        "pin/ls",
        c -> {
          c.line(pinLine(CID, "recursive"));
          c.streamError("pinset is corrupt");
        });

    try (Stream<IpfsPinInfo> s = connect().pinLs(Set.of("recursive"))) {
      assertThatThrownBy(s::toList)
          .hasMessage(
              "IPFS error (pin/ls?stream=true&type=recursive). Code: 200. Message: pinset is corrupt");
    }
  }

  @Test
  void pinLs_unknownType_isRejected() {
    assertThatThrownBy(() -> connect().pinLs(Set.of("sideways")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sideways");
  }
}
