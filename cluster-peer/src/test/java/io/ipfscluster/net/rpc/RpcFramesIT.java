package io.ipfscluster.net.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.ipfscluster.components.Block;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.StderrCapture;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.net.rpc.wire.CidList;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Oversized and malformed messages fail their call and leave the peer serving. */
@Timeout(60)
class RpcFramesIT {
  private static final byte[] SECRET = HexFormat.of().parseHex(ClusterConfig.randomSecret());
  private static final int LIMIT = 64 << 10;
  private static final Duration WAIT = Duration.ofSeconds(20);

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

  @Test
  void blockStream_messageAboveTheLimit_isResourceExhausted_andThePeerKeepsServing() {
    BlockIpfs ipfs = new BlockIpfs();
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                RpcLimits.defaults().withMaxInboundMessageBytes(LIMIT),
                new IpfsConnectorService(ipfs, Executors.newVirtualThreadPerTaskExecutor())));
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);
    server.trusts(client);
    Block big = PeerRpcIT.block("x".repeat(LIMIT + 1));

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> client.ipfs(server).blockStream(List.of(big).iterator()))
          .isInstanceOfSatisfying(
              RemoteCallException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  droppedLine(log.text())
                      .filter(
                          l ->
                              l.contains("IPFSConnector/BlockStream from " + client.id())
                                  && l.contains("RESOURCE_EXHAUSTED"))
                      .isPresent());
    }
    assertThat(ipfs.blocks).isEmpty();

    Block small = PeerRpcIT.block("small");
    client.ipfs(server).blockStream(List.of(small).iterator());
    assertThat(ipfs.blocks).containsKey(small.cid());
  }

  @Test
  void fetchBlocks_replyAboveTheCallersLimit_isResourceExhausted() {
    byte[] huge = new byte[RpcLimits.defaults().maxInboundMessageBytes() + 1];
    RpcTestPeer server =
        closeLater(RpcTestPeer.server(SECRET, new ConsensusService(c -> Optional.of(huge))));
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);

    assertThatThrownBy(() -> fetchAll(client, server, PeerRpcIT.block("a").cid()))
        .isInstanceOfSatisfying(
            RemoteCallException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void fetchBlocks_bytesThatAreNotProtobuf_failTheCall_andThePeerKeepsServing() {
    Block a = PeerRpcIT.block("a");
    RpcTestPeer server =
        closeLater(
            RpcTestPeer.server(
                SECRET,
                new ConsensusService(
                    c -> c.equals(a.cid()) ? Optional.of(a.data()) : Optional.empty())));
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);
    Channel channel = client.channels().channel(server.id());

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> rawFetch(channel, new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              // gRPC reports the parse failure as UNKNOWN ("Invalid protobuf byte sequence").
              e ->
                  assertThat(e.getStatus().getCode())
                      .isIn(Status.Code.INTERNAL, Status.Code.UNKNOWN));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  droppedLine(log.text())
                      .filter(l -> l.contains("Consensus/FetchBlocks from " + client.id()))
                      .isPresent());
    }

    assertThat(client.blocks().fetch(a.cid(), server.id())).isPresent();
  }

  @Test
  void fetchBlocks_cidBytesThatAreNotACid_areInvalidArgument() {
    RpcTestPeer server =
        closeLater(RpcTestPeer.server(SECRET, new ConsensusService(c -> Optional.empty())));
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);
    byte[] request =
        CidList.newBuilder()
            .addCids(com.google.protobuf.ByteString.copyFrom(new byte[] {0x01, 0x55}))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> rawFetch(client.channels().channel(server.id()), request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void fetchBlocks_failedByTheService_isNotLoggedAsDropped() {
    RpcTestPeer server =
        closeLater(RpcTestPeer.server(SECRET, new ConsensusService(c -> Optional.empty())));
    RpcTestPeer client = closeLater(RpcTestPeer.client(SECRET)).knows(server);

    try (StderrCapture log = new StderrCapture()) {
      assertThatThrownBy(() -> fetchAll(client, server, PeerRpcIT.block("a").cid()))
          .isInstanceOfSatisfying(
              RemoteCallException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND));
      // The next call is served after the failed one has ended on the server.
      assertThat(client.blocks().fetch(PeerRpcIT.block("b").cid(), server.id())).isEmpty();
      assertThat(droppedLine(log.text())).isEmpty();
    }
  }

  /** The first line of the dropped-call log in {@code text}. */
  private static Optional<String> droppedLine(String text) {
    return text.lines().filter(l -> l.contains(" dropped a call of ")).findFirst();
  }

  private static void rawFetch(Channel channel, byte[] request) {
    MethodDescriptor<byte[], byte[]> method =
        ConsensusGrpc.getFetchBlocksMethod().toBuilder(new Raw(), new Raw()).build();
    ClientCalls.blockingServerStreamingCall(
            channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request)
        .forEachRemaining(b -> {});
  }

  /** Passes bytes through unchanged, to send what the generated stubs would never send. */
  private static final class Raw implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Fetches {@code cid} from {@code server} with {@code FetchBlocks}, reading the whole stream. */
  private static void fetchAll(RpcTestPeer client, RpcTestPeer server, Cid cid) {
    try (Stream<Block> s = client.blocks().fetchAll(server.id(), List.of(cid))) {
      s.toList();
    }
  }
}
