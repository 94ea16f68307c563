package io.ipfscluster.net;

import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test program: one peer network with mDNS discovery, in whatever network namespace it is started
 * in, printing what happens as lines {@code <name> <EVENT> …} on standard output:
 *
 * <ul>
 *   <li>{@code SELF <id> <addresses>} once it listens;
 *   <li>{@code DISCOVERED <id> <addresses>} when mDNS brings news of a peer;
 *   <li>{@code JOIN <id> true|false} when the peer network's attempt to join it ends;
 *   <li>{@code PEERS <id,…>} when its peer list changes.
 * </ul>
 *
 * <p>Arguments: name, cluster secret (hex, 64 characters), mDNS interval in milliseconds (500), and
 * how many seconds to run before it stops by itself (290; a backstop: the test kills it sooner).
 */
public final class MdnsNode {
  private MdnsNode() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    byte[] secret = HexFormat.of().parseHex(args[1]);
    Duration interval = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 500);
    long lifetimeSeconds = args.length > 3 ? Long.parseLong(args[3]) : 290;
    Path dir = Files.createTempDirectory("mdns-node-");
    try (PeerNetwork net =
        PeerNetwork.start(
            new PeerNetwork.Settings(
                Multiaddr.parse("/ip4/0.0.0.0/tcp/0"),
                secret,
                List.of(),
                dir.resolve("peerstore"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                ConnectionManagerConfig.defaults(),
                RpcLimits.defaults(),
                AddressResolver.systemResolvers(),
                GossipParams.defaults()),
            Identity.generate(),
            RpcPolicy.defaults(),
            p -> true,
            List.of(),
            InstantSource.system())) {
      print(name, "SELF " + net.self() + " " + net.addresses());
      Set<String> heard = ConcurrentHashMap.newKeySet();
      try (MdnsDiscovery mdns =
          MdnsDiscovery.start(
              net.self(),
              net::addresses,
              interval,
              (peer, addresses) -> {
                if (heard.add(peer + " " + addresses)) {
                  print(name, "DISCOVERED " + peer + " " + addresses);
                }
                net.discovered(peer, addresses)
                    .thenAccept(joined -> print(name, "JOIN " + peer + " " + joined));
              })) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        timer.scheduleWithFixedDelay(
            () -> {
              List<String> now = net.peers().stream().map(PeerId::toString).sorted().toList();
              if (!now.equals(last.getAndSet(now))) {
                print(name, "PEERS " + String.join(",", now));
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS);
        new CountDownLatch(1).await(lifetimeSeconds, TimeUnit.SECONDS);
        timer.shutdownNow();
      }
    }
    System.exit(0);
  }

  private static synchronized void print(String name, String line) {
    System.out.println(name + " " + line);
    System.out.flush();
  }
}
