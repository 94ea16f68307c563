package io.ipfscluster.cli;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.peer.ClusterPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code daemon}: runs the peer until SIGINT or SIGTERM, then shuts it down cleanly (the JVM's
 * shutdown hook closes it, so every write reaches the disk), or until the peer stops by itself (a
 * Raft peer removed from the cluster). With {@code --bootstrap}, a Raft peer starts afresh as a
 * staging peer and is added to the cluster by the peer it joins through.
 */
@Command(name = "daemon", description = "Runs the IPFS Cluster peer", usageHelpWidth = 100)
final class DaemonCommand implements Callable<Integer> {
  @ParentCommand ServiceMain service;

  @Option(
      names = {"-j", "--bootstrap"},
      paramLabel = "multiaddr",
      split = ",",
      description = "join a cluster through these peers' multiaddresses (comma-separated)")
  List<String> bootstrap = List.of();

  @Option(names = "--no-trust", description = "do not trust the bootstrap peers (only CRDT)")
  boolean noTrust;

  @Override
  public Integer call() throws Exception {
    List<Multiaddr> joinThrough = new ArrayList<>();
    for (String a : bootstrap) {
      Multiaddr address;
      try {
        address = Multiaddr.parse(a.trim());
      } catch (IllegalArgumentException e) {
        throw new CliException("invalid --bootstrap multiaddress " + a + ": " + e.getMessage());
      }
      if (address.peerId().isEmpty()) {
        throw new CliException(
            "invalid --bootstrap multiaddress " + a + ": it has no /p2p/ peer ID");
      }
      joinThrough.add(address);
    }
    var dir = service.configDir();
    ClusterLock lock = ClusterLock.acquire(dir);
    ClusterPeer peer = ClusterPeer.start(dir, service.env, !joinThrough.isEmpty());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  peer.close();
                  try {
                    lock.close();
                  } catch (Exception e) {
                    // The process is ending; the OS releases the lock anyway.
                  }
                },
                "shutdown"));
    if (!joinThrough.isEmpty() && peer.join(joinThrough, !noTrust) == 0) {
      System.err.println("could not join the cluster through any of " + joinThrough);
    }
    System.err.println(
        "peer "
            + peer.id()
            + " is running. Peer network: "
            + peer.peerAddresses()
            + "."
            + (peer.restAddresses().isEmpty()
                ? " No REST API is configured."
                : " REST API: " + peer.restAddresses())
            + " Stop it with Ctrl-C.");
    // Until a signal closes it, or it closes itself (a Raft peer removed from the cluster).
    peer.awaitStopped();
    return 0;
  }
}
