package io.ipfscluster.ipfs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.ipfs.http.IpfsHttpConnector;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.ipfs.http.TestBlocks;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.ipfs.node.TestDags;
import io.ipfscluster.ipfs.node.TestDags.Dag;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link EmbeddedNodeConnector} adds to the contract: the pin timeout counts stalls, not
 * length; failures read exactly as {@code IpfsHttpConnector}'s against the same node; listings
 * stream.
 */
@Timeout(60)
class EmbeddedNodeConnectorBehaviourIT {
  @TempDir Path repo;
  private final TestBlocks blocks = new TestBlocks(3);
  private final Map<Cid, byte[]> remote = new ConcurrentHashMap<>();
  private final Map<Cid, BlockSource.Providers> hints = new ConcurrentHashMap<>();
  private EmbeddedIpfsNode node;
  private IpfsConnector http;
  private IpfsConnector inProcess;

  /**
   * A node whose block source hands out {@link #remote} one block per {@code delay}, noting each
   * fetch's hint in {@link #hints}.
   */
  private void start(long storageMax, Duration pinTimeout, Duration delay) {
    Object oneAtATime = new Object();
    BlockSource source =
        new BlockSource() {
          @Override
          public byte[] fetch(Cid cid) {
            return fetch(cid, Providers.NONE);
          }

          @Override
          public byte[] fetch(Cid cid, Providers providers) {
            hints.put(cid, providers);
            synchronized (oneAtATime) {
              // The source is slow on purpose: a fixture of a slow network, not a test wait.
              LockSupport.parkNanos(delay.toNanos());
              return remote.get(cid);
            }
          }
        };
    node =
        EmbeddedIpfsNode.start(
            EmbeddedNodeConfig.defaults(repo)
                .withApiAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .withStorageMax(storageMax)
                .withPinTimeout(Duration.ofMinutes(1)),
            source);
    IpfsHttpSettings settings =
        IpfsHttpSettings.forNode(node.apiAddresses().getFirst())
            .withRequestTimeout(Duration.ofSeconds(20))
            .withPinTimeout(pinTimeout)
            .withConnectSwarmsDelay(Duration.ZERO);
    http = IpfsHttpConnector.start(settings, PeerHooks.named("http"));
    inProcess = EmbeddedNodeConnector.start(node.node(), settings, PeerHooks.named("inproc"));
  }

  @AfterEach
  void close() {
    for (AutoCloseable c : new AutoCloseable[] {inProcess, http, node}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void pin_longButMovingFetch_isNotCancelledByThePinTimeout() {
    start(1L << 30, Duration.ofMillis(400), Duration.ofMillis(150));
    Dag dag = TestDags.file(21, 8, 100, true); // 9 blocks, one per 150 ms: over 1 s in all
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));

    inProcess.pin(Pin.of(dag.root()));

    assertThat(inProcess.pinLsCid(Pin.of(dag.root()))).isEqualTo(IpfsPinStatus.RECURSIVE);
  }

  @Test
  void pin_withAllocationsAndOrigins_hintsTheBlockSourceWithThem() {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);
    Dag dag = TestDags.file(22, 3, 100, true);
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));
    PeerId allocated = peer("allocated");
    PeerId originNode = peer("origin");
    Multiaddr origin = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + originNode);
    Multiaddr noPeerId = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");
    PinOptions d = PinOptions.defaults();
    PinOptions options =
        new PinOptions(
            d.replicationFactorMin(),
            d.replicationFactorMax(),
            d.name(),
            d.mode(),
            d.shardSize(),
            d.userAllocations(),
            d.expireAt(),
            d.metadata(),
            d.pinUpdate(),
            List.of(origin, noPeerId));

    inProcess.pin(Pin.of(dag.root(), options).withAllocations(List.of(allocated)));

    assertThat(hints.keySet()).containsExactlyInAnyOrderElementsOf(remote.keySet());
    assertThat(hints.values())
        .containsOnly(new BlockSource.Providers(List.of(allocated), List.of(originNode)));
  }

  @Test
  void pin_overTheNodesHttpApi_hintsNothing() {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);
    Dag dag = TestDags.file(23, 3, 100, true);
    dag.blocks().forEach(b -> remote.put(b.cid(), b.data()));

    http.pin(Pin.of(dag.root()).withAllocations(List.of(peer("allocated"))));

    assertThat(hints).hasSameSizeAs(remote);
    assertThat(hints.values()).containsOnly(BlockSource.Providers.NONE);
  }

  private static PeerId peer(String name) {
    return PeerId.of(
        Multihash.compute(HashFunction.SHA2_256, name.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void pin_stalledFetch_failsNamingThePinTimeout_andRecordsNoPin() {
    start(1L << 30, Duration.ofMillis(300), Duration.ZERO);
    Cid absent = blocks.raw(500).cid(); // nobody has it

    assertThatThrownBy(() -> inProcess.pin(Pin.of(absent)))
        .isInstanceOfSatisfying(
            IpfsTimeoutException.class,
            e -> assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.pin_timeout"))
        .hasMessageContaining("made no progress for 300ms (pin/add?arg=" + absent);

    assertThat(inProcess.pinLsCid(Pin.of(absent))).isEqualTo(IpfsPinStatus.UNPINNED);
  }

  @Test
  void pinErrors_readAsOverHttp() {
    start(10_000, Duration.ofSeconds(10), Duration.ZERO);
    Block tooBig = blocks.raw(50_000); // over StorageMax once fetched
    remote.put(tooBig.cid(), tooBig.data());
    Dag dag = TestDags.file(22, 2, 100, true);
    http.blockStream(dag.blocks().iterator());
    inProcess.pin(Pin.of(dag.root()));
    Pin directOfRecursive = Pin.of(dag.root(), PinOptions.defaults().withMode(PinMode.DIRECT));
    Cid unknownCodec = Cid.v1(Multicodec.DAG_JSON, tooBig.cid().multihash());

    for (Pin pin : List.of(Pin.of(tooBig.cid()), directOfRecursive, Pin.of(unknownCodec))) {
      Throwable overHttp = catchThrowable(() -> http.pin(pin));
      Throwable direct = catchThrowable(() -> inProcess.pin(pin));

      assertThat(overHttp).as("over HTTP, %s", pin).isInstanceOf(IpfsException.class);
      assertThat(direct)
          .as("in process, %s", pin)
          .isInstanceOf(IpfsException.class)
          .hasMessage(overHttp.getMessage());
    }
  }

  @Test
  void blockGet_missingBlockNobodyHas_failsAfterTheRequestTimeoutAsOverHttp() {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);
    Cid absent = blocks.raw(700).cid();
    IpfsHttpSettings quick =
        IpfsHttpSettings.forNode(node.apiAddresses().getFirst())
            .withRequestTimeout(Duration.ofMillis(300));
    try (IpfsConnector c =
        EmbeddedNodeConnector.start(node.node(), quick, PeerHooks.named("quick"))) {
      assertThatThrownBy(() -> c.blockGet(absent))
          .isInstanceOfSatisfying(
              IpfsTimeoutException.class,
              e ->
                  assertThat(e.setting()).isEqualTo("ipfs_connector.ipfshttp.ipfs_request_timeout"))
          .hasMessage(
              "IPFS request timed out after 300ms (block/get?arg="
                  + absent
                  + "); raise ipfs_connector.ipfshttp.ipfs_request_timeout if the node is just"
                  + " slow");
    }
  }

  @Test
  void pinLs_readPartly_thenClosed_stopsTheListing() throws Exception {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);
    Dag dag = TestDags.wide(23, 50, 50, 10); // thousands of indirect pins: more than the queue
    inProcess.blockStream(dag.blocks().iterator());
    inProcess.pin(Pin.of(dag.root()));

    try (Stream<IpfsPinInfo> pins = inProcess.pinLs(Set.of("indirect"))) {
      assertThat(pins.limit(3)).hasSize(3);
    }

    try (Stream<IpfsPinInfo> pins = inProcess.pinLs(Set.of("all"))) {
      assertThat(pins.count()).isEqualTo(dag.blocks().stream().map(Block::cid).distinct().count());
    }
  }

  @Test
  void unpin_ofUnpinnedContent_isNoError_andUnpinDisableRefuses() {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);
    inProcess.unpin(blocks.raw(10).cid());
    IpfsHttpSettings noUnpin =
        IpfsHttpSettings.forNode(node.apiAddresses().getFirst()).withUnpinDisable(true);
    try (IpfsConnector c =
        EmbeddedNodeConnector.start(node.node(), noUnpin, PeerHooks.named("nounpin"))) {
      assertThatThrownBy(() -> c.unpin(blocks.raw(20).cid()))
          .hasMessage("ipfs unpinning is disallowed by configuration on this peer");
    }
  }

  @Test
  void id_isTheNodesIdAsOverHttp() {
    start(1L << 30, Duration.ofSeconds(10), Duration.ZERO);

    assertThat(inProcess.id()).isEqualTo(http.id());
    assertThat(inProcess.repoStat()).isEqualTo(http.repoStat());
    assertThat(inProcess.configKey("Datastore/StorageMax"))
        .isEqualTo(http.configKey("Datastore/StorageMax"));
  }
}
