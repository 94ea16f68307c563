package io.ipfscluster.cluster;

import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of the IPFS nodes ({@code POST /ipfs/gc}): this peer's node, or every
 * consensus peer's through {@code Cluster.RepoGCLocal}, asked in parallel with no deadline (a
 * collection takes as long as the node needs). A peer that cannot be asked has an entry with the
 * error; one whose access policy refuses the call is left out, as in the original. Thread-safe.
 */
final class GarbageCollection {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  private final PeerId self;
  private final String peername;
  private final Consensus consensus;
  private final IpfsConnector ipfs;
  private final Supplier<OtherPeers> others;
  private final PeerIdentities identities;
  private final Executor fanOut;

  GarbageCollection(
      PeerId self,
      String peername,
      Consensus consensus,
      IpfsConnector ipfs,
      Supplier<OtherPeers> others,
      PeerIdentities identities,
      Executor fanOut) {
    this.self = self;
    this.peername = peername;
    this.consensus = consensus;
    this.ipfs = ipfs;
    this.others = others;
    this.identities = identities;
    this.fanOut = fanOut;
  }

  /** Collects here ({@code local}) or on every peer. */
  GlobalRepoGc run(boolean local) {
    if (local) {
      return GlobalRepoGc.of(self, here());
    }
    List<PeerId> members = consensus.peers();
    OtherPeers network = others.get();
    List<CompletableFuture<RepoGc>> results =
        members.stream()
            .map(
                p ->
                    CompletableFuture.supplyAsync(
                        () -> p.equals(self) ? here() : network.repoGcLocal(p), fanOut))
            .toList();
    SortedMap<PeerId, RepoGc> byPeer = new TreeMap<>();
    for (int i = 0; i < members.size(); i++) {
      PeerId p = members.get(i);
      try {
        byPeer.put(p, results.get(i).join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof OtherPeers.Denied) {
          log.debug("{} {} refused the call: {}", self.shortString(), p, cause.getMessage());
          continue;
        }
        String error = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        log.error("{} error in broadcast response from {}: {}", self.shortString(), p, error);
        byPeer.put(p, RepoGc.failed(p, identities.of(p).peername(), error));
      }
    }
    return new GlobalRepoGc(byPeer);
  }

  /** This peer's collection; its failure as the entry's error. */
  private RepoGc here() {
    try {
      RepoGc gc = ipfs.repoGc();
      return new RepoGc(self, peername, gc.keys(), gc.error());
    } catch (RuntimeException e) {
      return RepoGc.failed(self, peername, e.getMessage());
    }
  }
}
