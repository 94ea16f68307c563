package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.net.rpc.wire.BlockData;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.IPFSConnectorGrpc;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Serves the block methods of this peer's {@link IpfsConnector} to other peers: {@code BlockStream}
 * (an adder on another peer writes the blocks of a DAG here) and {@code BlockGet}. Blocks whose
 * data does not hash to their CID are refused. Thread-safe when the connector is.
 */
public final class IpfsConnectorService extends IPFSConnectorGrpc.IPFSConnectorImplBase {
  private final IpfsConnector ipfs;
  private final Executor executor;

  /**
   * @param executor runs the connector's {@code blockStream} while the stream arrives (one task per
   *     call; virtual threads suit it)
   */
  public IpfsConnectorService(IpfsConnector ipfs, Executor executor) {
    this.ipfs = Objects.requireNonNull(ipfs, "ipfs");
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

  static Block verified(io.ipfscluster.net.rpc.wire.Block message) {
    Block block = new Block(Values.cid(message.getCid()), message.getData().toByteArray());
    if (!block.verify()) {
      throw new IllegalArgumentException(
          "block " + block.cid() + " does not match its data (" + block.data().length + " bytes)");
    }
    return block;
  }
}
