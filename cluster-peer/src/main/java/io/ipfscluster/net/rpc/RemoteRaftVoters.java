package io.ipfscluster.net.rpc;

import io.grpc.Channel;
import io.ipfscluster.consensus.raft.RaftVoters;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.RaftVoterList;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks another Raft peer for its committed configuration ({@code Consensus.RaftVoters}). Failures
 * are {@link RemoteCallException}s. Stateless.
 */
public final class RemoteRaftVoters {
  private RemoteRaftVoters() {}

  /** The committed configuration of {@code peer}, reached on {@code channel}. */
  public static RaftVoters of(Channel channel, PeerId peer, Duration callTimeout) {
    RaftVoterList list =
        RemoteCalls.unary(
            peer,
            () ->
                ConsensusGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .raftVoters(Empty.getDefaultInstance()));
    return new RaftVoters(
        list.getPeersList().stream().map(b -> PeerId.fromBytes(b.toByteArray())).sorted().toList(),
        list.getIndex());
  }
}
