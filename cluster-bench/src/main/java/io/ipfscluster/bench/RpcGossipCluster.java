package io.ipfscluster.bench;

import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.gossip.GossipRouter;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.RpcGossipTransport;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.net.tls.PeerTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N peers in one JVM gossiping over the real peer transport: each with its identity, mutual TLS for
 * one cluster secret, its own {@link PeerRpcServer} on a loopback port serving an {@link
 * RpcGossipTransport}, its {@link PeerChannels}, and a started {@link GossipRouter}; every pair
 * joined by one stream (the later peer dials the earlier). Not thread-safe; close it.
 */
final class RpcGossipCluster implements AutoCloseable {
  private final List<GossipRouter> routers = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  RpcGossipCluster(int peers, GossipParams params, ScheduledExecutorService scheduler)
      throws Exception {
    byte[] secret = HexFormat.of().parseHex(ClusterConfig.randomSecret());
    RpcLimits limits = RpcLimits.defaults();
    Map<PeerId, InetSocketAddress> book = new ConcurrentHashMap<>();
    List<RpcGossipTransport> transports = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      Identity id = Identity.generate();
      PeerTls tls = PeerTls.create(id, secret);
      PeerChannels channels =
          new PeerChannels(
              tls,
              p -> book.containsKey(p) ? List.of(book.get(p)) : List.of(),
              Duration.ofSeconds(5),
              ConnectionManagerConfig.defaults(),
              limits);
      RpcGossipTransport transport = new RpcGossipTransport(id.peerId(), channels, limits);
      PeerRpcServer server =
          PeerRpcServer.start(
              tls,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              RpcPolicy.defaults(),
              p -> false,
              limits,
              List.of(transport.service()));
      book.put(id.peerId(), new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
      GossipRouter router =
          GossipRouter.builder(id, transport).params(params).scheduler(scheduler).build();
      router.start();
      open.add(server);
      open.add(channels);
      open.add(transport);
      open.add(router);
      routers.add(router);
      transports.add(transport);
    }
    for (int i = 0; i < peers; i++) {
      for (int j = 0; j < i; j++) {
        transports.get(i).connect(routers.get(j).peerId()).get(30, TimeUnit.SECONDS);
      }
    }
  }

  List<GossipRouter> routers() {
    return routers;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }
}
