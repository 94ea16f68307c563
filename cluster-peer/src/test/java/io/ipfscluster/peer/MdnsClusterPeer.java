package io.ipfscluster.peer;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A test program: a whole cluster peer (CRDT, embedded IPFS node) with the default configuration
 * except for {@code mdns_interval} of 500 ms, listening on every interface of whatever network
 * namespace it is started in, joined to nobody. It prints {@code <name> SELF <id> <addresses>} once
 * started and {@code <name> PEERS <id>,…} whenever the peers that {@code peers ls} lists without an
 * error change (this peer included).
 *
 * <p>Arguments: name and cluster secret (hex, 64 characters). It stops by itself after 290 s (a
 * backstop: the test kills it sooner).
 */
public final class MdnsClusterPeer {
  private MdnsClusterPeer() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Path dir = Files.createTempDirectory("mdns-peer-");
    ServiceConfig.defaults("crdt").write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    try (ClusterPeer peer =
        ClusterPeer.start(
            dir,
            Map.of(
                "CLUSTER_PEERNAME",
                name,
                "CLUSTER_SECRET",
                args[1],
                "CLUSTER_MDNSINTERVAL",
                "500ms",
                "CLUSTER_LISTENMULTIADDRESS",
                "/ip4/0.0.0.0/tcp/0",
                "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/" + freePort()))) {
      print(name, "SELF " + peer.id() + " " + peer.peerAddresses());
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      AtomicReference<List<String>> last = new AtomicReference<>(List.of());
      timer.scheduleWithFixedDelay(
          () -> {
            try (Stream<PeerInfo> infos = peer.cluster().peers()) {
              List<String> now =
                  infos
                      .filter(i -> i.error() == null || i.error().isEmpty())
                      .map(i -> i.id().toString())
                      .sorted()
                      .toList();
              if (!now.equals(last.getAndSet(now))) {
                print(name, "PEERS " + String.join(",", now));
              }
            } catch (RuntimeException e) {
              print(name, "ERROR " + e);
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      new CountDownLatch(1).await(290, TimeUnit.SECONDS);
      timer.shutdownNow();
    }
    System.exit(0);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static synchronized void print(String name, String line) {
    System.out.println(name + " " + line);
    System.out.flush();
  }
}
