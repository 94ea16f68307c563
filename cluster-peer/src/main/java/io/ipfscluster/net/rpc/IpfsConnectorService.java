package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.net.rpc.wire.BlockData;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.IPFSConnectorGrpc;
import io.ipfscluster.net.rpc.wire.Json;
import io.ipfscluster.net.rpc.wire.PeerIdList;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Serves the block methods of this peer's {@link IpfsConnector} to other peers: {@code BlockStream}
 * (an adder on another peer writes the blocks of a DAG here), {@code BlockGet}, and {@code
 * BlockGetLocal} (blocks the node stores, for other peers' embedded nodes), {@code SwarmPeers} and
 * {@code RepoStat}. Blocks whose data does not hash to their CID are refused. Thread-safe when the
 * connector and the local blocks are.
 */
public final class IpfsConnectorService extends IPFSConnectorGrpc.IPFSConnectorImplBase {
  private final IpfsConnector ipfs;
  private final Function<Cid, Optional<byte[]>> localBlocks;
  private final Executor executor;

  /** Serves {@code BlockGetLocal} with the connector's {@code blockGet}. */
  public IpfsConnectorService(IpfsConnector ipfs, Executor executor) {
    this(ipfs, cid -> Optional.of(ipfs.blockGet(cid)), executor);
  }

  /**
   * @param localBlocks the blocks the node stores, without fetching (an embedded node's blockstore)
   * @param executor runs the connector's {@code blockStream} while the stream arrives (one task per
   *     call; virtual threads suit it)
   */
  public IpfsConnectorService(
      IpfsConnector ipfs, Function<Cid, Optional<byte[]>> localBlocks, Executor executor) {
    this.ipfs = Objects.requireNonNull(ipfs, "ipfs");
    this.localBlocks = Objects.requireNonNull(localBlocks, "localBlocks");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public StreamObserver<io.ipfscluster.net.rpc.wire.Block> blockStream(StreamObserver<Empty> out) {
    return ServerCalls.clientStream(
        out,
        IpfsConnectorService::verified,
        ipfs::blockStream,
        Empty.getDefaultInstance(),
        executor::execute);
  }

  @Override
  public void blockGet(CidArg request, StreamObserver<BlockData> out) {
    ServerCalls.unary(
        out,
        () ->
            BlockData.newBuilder()
                .setData(ByteString.copyFrom(ipfs.blockGet(Values.cid(request.getCid()))))
                .build());
  }

  @Override
  public void blockGetLocal(CidArg request, StreamObserver<BlockData> out) {
    ServerCalls.unary(
        out,
        () -> {
          Cid cid = Values.cid(request.getCid());
          byte[] data =
              localBlocks
                  .apply(cid)
                  .orElseThrow(
                      () ->
                          new ClusterException(
                              ClusterException.Kind.NOT_FOUND,
                              "block " + cid + " is not stored here"));
          return BlockData.newBuilder().setData(ByteString.copyFrom(data)).build();
        });
  }

  @Override
  public void swarmPeers(Empty request, StreamObserver<PeerIdList> out) {
    ServerCalls.unary(
        out,
        () -> {
          PeerIdList.Builder b = PeerIdList.newBuilder();
          ipfs.swarmPeers().forEach(p -> b.addPeers(ByteString.copyFrom(p.toBytes())));
          return b.build();
        });
  }

  @Override
  public void repoStat(Empty request, StreamObserver<Json> out) {
    ServerCalls.unary(out, () -> Values.json(ipfs.repoStat()));
  }

  static Block verified(io.ipfscluster.net.rpc.wire.Block message) {
    Block block = new Block(Values.cid(message.getCid()), message.getData().toByteArray());
    if (!block.verify()) {
      throw new IllegalArgumentException(
          "block " + block.cid() + " does not match its data (" + block.data().length + " bytes)");
    }
    return block;
  }
}
