package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.net.rpc.wire.Block;
import io.ipfscluster.net.rpc.wire.CidList;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves the consensus blocks this peer holds ({@code Consensus.FetchBlocks}): the CRDT delta
 * blocks another peer lacks after hearing of new heads. {@link RpcBlockFetcher} is its other end.
 * Thread-safe when the block source is.
 */
public final class ConsensusService extends ConsensusGrpc.ConsensusImplBase {
  /** CIDs one call may ask for. */
  public static final int MAX_CIDS_PER_CALL = 1024;

  private final Function<Cid, Optional<byte[]>> blocks;

  /**
   * @param blocks the block of a CID, if this peer has it (for example {@code
   *     CrdtConsensus::block})
   */
  public ConsensusService(Function<Cid, Optional<byte[]>> blocks) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
  }

  @Override
  public void fetchBlocks(CidList request, StreamObserver<Block> out) {
    if (request.getCidsCount() > MAX_CIDS_PER_CALL) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "at most " + MAX_CIDS_PER_CALL + " CIDs per call, got " + request.getCidsCount())
              .asRuntimeException());
      return;
    }
    ServerCalls.stream(
        out,
        () -> request.getCidsList().stream().map(Values::cid),
        cid ->
            Block.newBuilder()
                .setCid(ByteString.copyFrom(cid.toBytes()))
                .setData(
                    ByteString.copyFrom(
                        blocks
                            .apply(cid)
                            .orElseThrow(
                                () ->
                                    Status.NOT_FOUND
                                        .withDescription("block not found: " + cid)
                                        .asRuntimeException())))
                .build());
  }
}
