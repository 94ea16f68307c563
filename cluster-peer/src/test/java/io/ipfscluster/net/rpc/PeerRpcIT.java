package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Status;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.consensus.crdt.DotRange;
import io.ipfscluster.consensus.crdt.WriterId;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The peer RPC between two peers of one cluster, each over a real TLS connection on loopback. */
@Timeout(60)
class PeerRpcIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());

  private final List<AutoCloseable> open = new java.util.ArrayList<>();

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

  private FakeTracker tracker;

  /** A server with a tracker of {@code size} statuses, and a client it trusts (or not). */
  private RpcTestPeer[] pair(int size, boolean trusted) {
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer[] server = new RpcTestPeer[1];
    tracker = new FakeTracker(null, size);
    server[0] = closeLater(RpcTestPeer.server(SECRET, new PinTrackerService(tracker)));
    if (trusted) {
      server[0].trusts(client);
    }
    client.knows(server[0]);
    return new RpcTestPeer[] {client, server[0]};
  }

  @Test
  void statusAll_fromTrustedPeer_streamsEveryStatusInOrder() {
    RpcTestPeer[] p = pair(5_000, true);
    try (Stream<PinInfo> s = p[0].tracker(p[1]).statusAll(StatusFilter.ALL)) {
      List<Cid> cids = s.map(PinInfo::cid).toList();
      assertThat(cids).hasSize(5_000);
      assertThat(cids.get(4_999)).isEqualTo(FakeTracker.cid(4_999));
    }
  }

  @Test
  void status_fromUntrustedPeer_isPermissionDeniedWithOriginalMessage() {
    RpcTestPeer[] p = pair(1, false);
    assertThatThrownBy(() -> p[0].tracker(p[1]).status(FakeTracker.cid(1)))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.peer()).isEqualTo(p[1].id());
            })
        .hasMessage(
            "client does not have permissions to this method, service name: PinTracker,"
                + " method name: Status");
  }

  @Test
  void track_closedMethod_isDeniedEvenToTrustedPeer() {
    RpcTestPeer[] p = pair(1, true);
    assertThatThrownBy(
            () -> p[0].tracker(p[1]).track(io.ipfscluster.api.Pin.of(FakeTracker.cid(3))))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThat(tracker.tracked).isEmpty();
  }

  @Test
  void status_fromTrustedPeer_returnsTheRemoteStatus() {
    RpcTestPeer[] p = pair(1, true);
    PinInfo info = p[0].tracker(p[1]).status(FakeTracker.cid(9));
    assertThat(info.cid()).isEqualTo(FakeTracker.cid(9));
    assertThat(info.peerStatus().status()).isEqualTo(io.ipfscluster.api.TrackerStatus.PINNED);
  }

  @Test
  void recover_remoteNotInPinset_keepsKindAndMessage() {
    RpcTestPeer[] p = pair(1, true);
    assertThatThrownBy(() -> p[0].tracker(p[1]).recover(FakeTracker.MISSING))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> assertThat(e.kind()).isEqualTo(ClusterException.Kind.NOT_FOUND))
        .hasMessage(ClusterException.NOT_IN_PINSET);
  }

  @Test
  void status_pastItsDeadline_failsAndInterruptsTheRemoteCall() throws Exception {
    RpcTestPeer[] p = pair(1, true);
    RemotePinTracker remote =
        new RemotePinTracker(
            p[0].channels().channel(p[1].id()), p[1].id(), java.time.Duration.ofSeconds(3));
    remote.status(FakeTracker.cid(1)); // connected and warm, so the call below reaches the server

    assertThatThrownBy(() -> remote.status(FakeTracker.BLOCKING))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(tracker.blockingEntered.getCount()).as("the call reached the server").isZero();
    assertThat(tracker.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void status_cancelledByTheCaller_interruptsTheRemoteCall() throws Exception {
    RpcTestPeer[] p = pair(1, true);
    RemotePinTracker remote = p[0].tracker(p[1]);
    Context.CancellableContext call = Context.current().withCancellation();
    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                call.run(() -> remote.status(FakeTracker.BLOCKING));
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    assertThat(tracker.blockingEntered.await(30, TimeUnit.SECONDS)).isTrue();

    call.cancel(null);

    assertThat(failure.get(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            RemoteCallException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED));
    assertThat(tracker.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void statusAll_closedEarlyByCaller_closesTheRemoteStream() throws Exception {
    RpcTestPeer[] p = pair(-1, true);
    try (Stream<PinInfo> s = p[0].tracker(p[1]).statusAll(StatusFilter.ALL)) {
      assertThat(s.limit(10).count()).isEqualTo(10);
    }
    assertThat(tracker.streamClosed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void fetchBlocks_someMissing_returnsPresentAndFailsNotFoundForMissing() {
    Map<Cid, byte[]> store = new ConcurrentHashMap<>();
    Block a = block("a");
    Block b = block("b");
    store.put(a.cid(), a.data());
    store.put(b.cid(), b.data());
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET, new ConsensusService(c -> Optional.ofNullable(store.get(c)))));
    client.knows(server);
    RpcBlockFetcher fetcher = client.blocks();

    try (Stream<Block> s = fetcher.fetchAll(server.id(), List.of(a.cid(), b.cid()))) {
      assertThat(s.map(Block::cid).toList()).containsExactly(a.cid(), b.cid());
    }
    assertThat(fetcher.fetch(a.cid(), server.id()))
        .hasValueSatisfying(d -> assertThat(d).isEqualTo(a.data()));
    assertThat(fetcher.fetch(block("c").cid(), server.id())).isEmpty();
    assertThatThrownBy(
            () -> {
              try (Stream<Block> s = fetcher.fetchAll(server.id(), List.of(block("c").cid()))) {
                s.toList();
              }
            })
        .isInstanceOfSatisfying(
            RemoteCallException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining("block not found");
  }

  @Test
  void fetchMany_oneMissingInTheMiddle_returnsTheOthers() {
    Map<Cid, byte[]> store = new ConcurrentHashMap<>();
    Block a = block("a");
    Block c = block("c");
    store.put(a.cid(), a.data());
    store.put(c.cid(), c.data());
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET, new ConsensusService(x -> Optional.ofNullable(store.get(x)))));
    client.knows(server);

    Map<Cid, byte[]> got =
        client.blocks().fetchMany(List.of(a.cid(), block("b").cid(), c.cid()), server.id());

    assertThat(got).containsOnlyKeys(a.cid(), c.cid());
  }

  @Test
  void fetchRange_servedRange_returnsItsBlocksInOrder_andRefusesTooLongRanges() {
    WriterId writer = new WriterId(1, 2);
    Block a = block("a");
    Block b = block("b");
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                new ConsensusService(
                    x -> Optional.empty(),
                    r -> r.writer().equals(writer) ? Stream.of(a, b) : Stream.empty())));
    client.knows(server);
    RpcBlockFetcher fetcher = client.blocks();

    assertThat(fetcher.fetchRange(new DotRange(writer, 0, 2), server.id()).keySet())
        .containsExactly(a.cid(), b.cid());
    assertThat(fetcher.fetchRange(new DotRange(new WriterId(3, 4), 0, 2), server.id())).isEmpty();
    assertThat(
            fetcher.fetchRange(
                new DotRange(writer, 0, ConsensusService.MAX_RANGE_SPAN + 1), server.id()))
        .isEmpty();
  }

  @Test
  void fetchBlocks_blockNotMatchingItsCid_isRejectedByTheFetcher() {
    Block a = block("a");
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                new ConsensusService(c -> Optional.of("forged".getBytes(StandardCharsets.UTF_8)))));
    client.knows(server);
    assertThat(client.blocks().fetch(a.cid(), server.id())).isEmpty();
  }

  @Test
  void blockStream_manyBlocks_allArriveAtTheRemoteNode() {
    BlockIpfs ipfs = new BlockIpfs();
    RpcTestPeer[] p =
        ipfsPair(new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor()));
    RpcTestPeer client = p[0];
    RpcTestPeer server = p[1];
    List<Block> blocks = IntStream.range(0, 500).mapToObj(i -> block("block " + i)).toList();

    client.ipfs(server).blockStream(blocks.iterator());

    assertThat(ipfs.blocks).hasSize(500);
    assertThat(ipfs.blocks.get(blocks.get(499).cid())).isEqualTo(blocks.get(499).data());
  }

  @Test
  void blockStream_blockNotMatchingItsCid_failsInvalidArgument() {
    BlockIpfs ipfs = new BlockIpfs();
    RpcTestPeer[] p =
        ipfsPair(new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor()));
    RpcTestPeer client = p[0];
    RpcTestPeer server = p[1];
    Block forged = new Block(block("x").cid(), "y".getBytes(StandardCharsets.UTF_8));
    Iterator<Block> blocks = List.of(block("ok"), forged).iterator();

    assertThatThrownBy(() -> client.ipfs(server).blockStream(blocks))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("does not match its data");
    assertThat(ipfs.blocks).doesNotContainKey(forged.cid());
  }

  @Test
  void blockGet_closedMethod_isDeniedRemotely() {
    BlockIpfs ipfs = new BlockIpfs();
    RpcTestPeer[] p =
        ipfsPair(new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor()));
    RpcTestPeer client = p[0];
    RpcTestPeer server = p[1];
    assertThatThrownBy(() -> client.ipfs(server).blockGet(block("a").cid()))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED));
  }

  @Test
  void blockGet_ipfsFailureOnSelfCall_arrivesAsIpfsException() {
    // A peer may call its own server (CLOSED methods allow self): the IPFS failure keeps its type.
    BlockIpfs ipfs = new BlockIpfs();
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor())));
    server.knows(server);
    assertThatThrownBy(() -> server.ipfs(server).blockGet(block("a").cid()))
        .isInstanceOf(IpfsException.class)
        .hasMessage("block not found locally, cannot check remote peers");
  }

  @Test
  void repoStat_fromTrustedPeer_isTheRemoteNodesStat() {
    BlockIpfs ipfs = new BlockIpfs();
    ipfs.blockStream(List.of(block("0123456789")).iterator());
    RpcTestPeer[] p =
        ipfsPair(new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor()));

    assertThat(p[0].ipfs(p[1]).repoStat()).isEqualTo(new IpfsRepoStat(10, BlockIpfs.STORAGE_MAX));
  }

  @Test
  void repoStat_fromUntrustedPeer_isPermissionDenied() {
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                new IpfsConnectorService(
                    new BlockIpfs(), Executors.newVirtualThreadPerTaskExecutor())));
    client.knows(server);
    assertThatThrownBy(() -> client.ipfs(server).repoStat())
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessage(
            "client does not have permissions to this method, service name: IPFSConnector,"
                + " method name: RepoStat");
  }

  /** A server of {@code service} and a client it trusts. */
  private RpcTestPeer[] ipfsPair(IpfsConnectorService service) {
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET));
    RpcTestPeer server = closeLater(RpcTestPeer.server(SECRET, service));
    server.trusts(client);
    client.knows(server);
    return new RpcTestPeer[] {client, server};
  }

  @Test
  void blockGetLocal_blockTheNodeStores_answered_otherBlock_notFoundWithoutFetching() {
    Block stored = block("stored");
    List<Cid> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    RpcTestPeer[] p =
        ipfsPair(
            new IpfsConnectorService(
                new BlockIpfs(),
                cid -> {
                  asked.add(cid);
                  return cid.equals(stored.cid()) ? Optional.of(stored.data()) : Optional.empty();
                },
                Executors.newVirtualThreadPerTaskExecutor()));

    assertThat(p[0].ipfs(p[1]).blockGetLocal(stored.cid())).isEqualTo(stored.data());
    Cid missing = block("missing").cid();
    assertThatThrownBy(() -> p[0].ipfs(p[1]).blockGetLocal(missing))
        .isInstanceOfSatisfying(
            RemoteCallException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining("is not stored here");
    assertThat(asked).containsExactly(stored.cid(), missing);
  }

  static Block block(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    return new Block(Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data)), data);
  }
}
