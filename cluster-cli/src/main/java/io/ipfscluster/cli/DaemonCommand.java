package io.ipfscluster.cli;

import io.ipfscluster.peer.ClusterPeer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code daemon}: runs the peer until SIGINT or SIGTERM, then shuts it down cleanly (the JVM's
 * shutdown hook closes it, so every write reaches the disk).
 */
@Command(name = "daemon", description = "Runs the IPFS Cluster peer", usageHelpWidth = 100)
final class DaemonCommand implements Callable<Integer> {
  @ParentCommand ServiceMain service;

  @Override
  public Integer call() throws Exception {
    var dir = service.configDir();
    ClusterLock lock = ClusterLock.acquire(dir);
    ClusterPeer peer = ClusterPeer.start(dir, service.env);
    CountDownLatch stopped = new CountDownLatch(1);
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
                  stopped.countDown();
                },
                "shutdown"));
    System.err.println(
        "peer "
            + peer.id()
            + " is running."
            + (peer.restAddresses().isEmpty()
                ? " No REST API is configured."
                : " REST API: " + peer.restAddresses())
            + " Stop it with Ctrl-C.");
    stopped.await();
    return 0;
  }
}
