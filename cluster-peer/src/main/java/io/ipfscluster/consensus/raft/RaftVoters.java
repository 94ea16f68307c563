package io.ipfscluster.consensus.raft;

import io.ipfscluster.multiformats.PeerId;
import java.util.List;

/**
 * The voters of a Raft configuration and the log index of the entry that set it: of two
 * configurations of one group, the one with the higher index is the newer.
 *
 * @param peers the voters, sorted
 * @param index the index of the configuration's log entry
 */
public record RaftVoters(List<PeerId> peers, long index) {
  public RaftVoters {
    peers = List.copyOf(peers);
  }
}
