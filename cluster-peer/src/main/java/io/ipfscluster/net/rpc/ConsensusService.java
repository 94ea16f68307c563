package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.consensus.crdt.DotRange;
import io.ipfscluster.consensus.crdt.WriterId;
import io.ipfscluster.consensus.raft.RaftVoters;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.Block;
import io.ipfscluster.net.rpc.wire.CidList;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import io.ipfscluster.net.rpc.wire.DotRanges;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.RaftVoterList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Serves what other peers need of this peer's consensus: the CRDT delta blocks another peer lacks
 * after hearing of new heads, by CID ({@code Consensus.FetchBlocks}) or by writer and sequence
 * number ({@code Consensus.FetchRanges}), with {@link RpcBlockFetcher} at the other end; and a Raft
 * peer's committed configuration ({@code Consensus.RaftVoters}), with {@link RemoteRaftVoters} at
 * the other end; and to a peer removed from the CRDT cluster, the block that records it ({@code
 * Consensus.RemovalRecord}, {@link RemovalRefusal}). Thread-safe when the sources are.
 */
public final class ConsensusService extends ConsensusGrpc.ConsensusImplBase {
  /** CIDs one call may ask for. */
  public static final int MAX_CIDS_PER_CALL = 1024;

  /** Sequence numbers the ranges of one call may span in all. */
  public static final long MAX_RANGE_SPAN = 1024;

  private final Function<Cid, Optional<byte[]>> blocks;
  private final Function<DotRange, Stream<io.ipfscluster.components.Block>> ranges;
  private final Supplier<Optional<RaftVoters>> raftVoters;
  private final Function<PeerId, Optional<io.ipfscluster.components.Block>> removalRecords;

  /**
   * A service that serves no ranges.
   *
   * @param blocks the block of a CID, if this peer has it (for example {@code
   *     CrdtConsensus::block})
   */
  public ConsensusService(Function<Cid, Optional<byte[]>> blocks) {
    this(blocks, range -> Stream.empty());
  }

  /**
   * @param blocks the block of a CID, if this peer has it (for example {@code
   *     CrdtConsensus::block})
   * @param ranges the blocks this peer has of a range, in order (for example {@code
   *     CrdtConsensus::blocks})
   */
  public ConsensusService(
      Function<Cid, Optional<byte[]>> blocks,
      Function<DotRange, Stream<io.ipfscluster.components.Block>> ranges) {
    this(blocks, ranges, peer -> Optional.empty());
  }

  /**
   * A service for a CRDT peer.
   *
   * @param blocks the block of a CID, if this peer has it (for example {@code
   *     CrdtConsensus::block})
   * @param ranges the blocks this peer has of a range, in order (for example {@code
   *     CrdtConsensus::blocks})
   * @param removalRecords the block holding the record of a peer's removal, if it was removed (for
   *     example {@code CrdtConsensus::removalRecord}), served to that peer only
   */
  public ConsensusService(
      Function<Cid, Optional<byte[]>> blocks,
      Function<DotRange, Stream<io.ipfscluster.components.Block>> ranges,
      Function<PeerId, Optional<io.ipfscluster.components.Block>> removalRecords) {
    this(blocks, ranges, Optional::empty, removalRecords);
  }

  /**
   * A service for a Raft peer: no blocks, and the peer's committed configuration.
   *
   * @param raftVoters the committed configuration (for example {@code
   *     RaftConsensus::committedVoters})
   */
  public static ConsensusService raft(Supplier<Optional<RaftVoters>> raftVoters) {
    return new ConsensusService(
        cid -> Optional.empty(), range -> Stream.empty(), raftVoters, peer -> Optional.empty());
  }

  private ConsensusService(
      Function<Cid, Optional<byte[]>> blocks,
      Function<DotRange, Stream<io.ipfscluster.components.Block>> ranges,
      Supplier<Optional<RaftVoters>> raftVoters,
      Function<PeerId, Optional<io.ipfscluster.components.Block>> removalRecords) {
    this.removalRecords = Objects.requireNonNull(removalRecords, "removalRecords");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.ranges = Objects.requireNonNull(ranges, "ranges");
    this.raftVoters = Objects.requireNonNull(raftVoters, "raftVoters");
  }

  @Override
  public void raftVoters(Empty request, StreamObserver<RaftVoterList> out) {
    Optional<RaftVoters> voters = raftVoters.get();
    if (voters.isEmpty()) {
      out.onError(
          Status.FAILED_PRECONDITION
              .withDescription("this peer has no committed Raft configuration")
              .asRuntimeException());
      return;
    }
    RaftVoterList.Builder list = RaftVoterList.newBuilder().setIndex(voters.get().index());
    voters.get().peers().forEach(p -> list.addPeers(ByteString.copyFrom(p.toBytes())));
    out.onNext(list.build());
    out.onCompleted();
  }

  /** The caller's own removal record only: who else was removed is none of its business. */
  @Override
  public void removalRecord(Empty request, StreamObserver<Block> out) {
    Optional<io.ipfscluster.components.Block> record =
        PeerRpcServer.caller().flatMap(removalRecords);
    if (record.isEmpty()) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("this peer holds no record that the caller was removed")
              .asRuntimeException());
      return;
    }
    out.onNext(
        Block.newBuilder()
            .setCid(ByteString.copyFrom(record.get().cid().toBytes()))
            .setData(ByteString.copyFrom(record.get().data()))
            .build());
    out.onCompleted();
  }

  @Override
  public void fetchRanges(DotRanges request, StreamObserver<Block> out) {
    List<DotRange> asked = new ArrayList<>();
    long span = 0;
    try {
      for (io.ipfscluster.net.rpc.wire.DotRange r : request.getRangesList()) {
        if (r.getWriter().size() != WriterId.BYTES) {
          throw new IllegalArgumentException("a writer ID is " + WriterId.BYTES + " bytes");
        }
        DotRange range =
            new DotRange(
                WriterId.fromBytes(r.getWriter().toByteArray(), 0), r.getAfter(), r.getUpTo());
        span += range.size();
        asked.add(range);
      }
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (span > MAX_RANGE_SPAN) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "ranges may span at most " + MAX_RANGE_SPAN + " sequence numbers, got " + span)
              .asRuntimeException());
      return;
    }
    ServerCalls.stream(
        out,
        () -> asked.stream().flatMap(ranges),
        b ->
            Block.newBuilder()
                .setCid(ByteString.copyFrom(b.cid().toBytes()))
                .setData(ByteString.copyFrom(b.data()))
                .build());
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
