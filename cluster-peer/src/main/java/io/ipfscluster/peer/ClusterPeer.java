package io.ipfscluster.peer;

import io.grpc.BindableService;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Metric;
import io.ipfscluster.cluster.IpfsNodeOwners;
import io.ipfscluster.cluster.PeerCluster;
import io.ipfscluster.cluster.Repinning;
import io.ipfscluster.cluster.SelfMetrics;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.config.ClusterConfig;
import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.config.DiskInformerConfig;
import io.ipfscluster.config.EmbeddedIpfsConfig;
import io.ipfscluster.config.IpfsHttpConfig;
import io.ipfscluster.config.NumPinInformerConfig;
import io.ipfscluster.config.PinQueueInformerConfig;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.config.TagsInformerConfig;
import io.ipfscluster.consensus.crdt.CrdtConsensus;
import io.ipfscluster.consensus.crdt.HeadAnnouncer;
import io.ipfscluster.consensus.raft.RaftConsensus;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.ipfs.embedded.EmbeddedIpfsNode;
import io.ipfscluster.ipfs.embedded.EmbeddedNodeConnector;
import io.ipfscluster.ipfs.http.IpfsHttpConnector;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig;
import io.ipfscluster.monitor.AlertListener;
import io.ipfscluster.monitor.PeerMonitor;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.net.AddressResolver;
import io.ipfscluster.net.PeerBlockSource;
import io.ipfscluster.net.PeerNetwork;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.rpc.ClusterService;
import io.ipfscluster.net.rpc.ConsensusService;
import io.ipfscluster.net.rpc.IpfsConnectorService;
import io.ipfscluster.net.rpc.PinTrackerService;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.pintracker.StatelessPinTracker;
import io.ipfscluster.rest.AddEndpoint;
import io.ipfscluster.rest.RestApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running cluster peer, built from its configuration folder: the one place where components are
 * created and wired. Components start in dependency order and close in reverse: datastore,
 * consensus, embedded IPFS node (when configured), IPFS connector, pin tracker, use cases, peer
 * network, peer monitor (with this peer's own measurements), REST API.
 *
 * <p>Thread-safe; {@link #close()} is idempotent. Closing commits the consensus's pending batch.
 */
public final class ClusterPeer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  /**
   * How often the peer exchanges addresses with a few known peers (the original re-bootstraps every
   * 30 s).
   */
  static final Duration PEER_REFRESH = Duration.ofSeconds(30);

  /** How many pins of a down peer each peer examines for re-pinning per second, at most. */
  static final int REPIN_RATE = 200;

  /**
   * How long after a join or bootstrap this peer sends its metrics again: the gossip links to the
   * peers just contacted open in the background.
   */
  static final Duration LINK_SETTLE = Duration.ofSeconds(1);

  /** How long another peer may take to give the embedded node one block. */
  static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(10);

  private final ServiceConfig config;
  private final Identity identity;
  private final PeerCluster cluster;
  private final Deque<AutoCloseable> resources;
  private final List<Multiaddr> restAddresses;
  private final PeerNetwork network;
  private final Consensus consensus;
  private final PeerMonitor monitor;
  private final IpfsConnector ipfs;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** The membership duties of a Raft peer; null with another consensus. */
  private volatile RaftMembership raft;

  private ClusterPeer(
      ServiceConfig config,
      Identity identity,
      PeerCluster cluster,
      Deque<AutoCloseable> resources,
      List<Multiaddr> restAddresses,
      PeerNetwork network,
      Consensus consensus,
      PeerMonitor monitor,
      IpfsConnector ipfs) {
    this.config = config;
    this.ipfs = ipfs;
    this.monitor = monitor;
    this.network = network;
    this.consensus = consensus;
    this.identity = identity;
    this.cluster = cluster;
    this.resources = resources;
    this.restAddresses = List.copyOf(restAddresses);
  }

  /**
   * Starts the peer of the configuration folder {@code configDir}, with {@code env} overriding the
   * files (pass {@code System.getenv()}).
   */
  public static ClusterPeer start(Path configDir, Map<String, String> env) throws IOException {
    return start(configDir, env, false);
  }

  /**
   * Starts the peer as {@link #start(Path, Map)} does; {@code joining} says it is started to join a
   * cluster ({@code daemon --bootstrap}): a Raft peer then moves its old Raft data aside and starts
   * as a staging peer that the leader adds when it {@linkplain #join joins}.
   */
  public static ClusterPeer start(Path configDir, Map<String, String> env, boolean joining)
      throws IOException {
    Path identityFile = configDir.resolve(IdentityFile.NAME);
    if (IdentityFile.migrateLegacy(configDir.resolve(ServiceConfig.FILE_NAME), identityFile)) {
      log.info("moved the legacy identity of service.json to {}", identityFile);
    }
    ServiceConfig config = ServiceConfig.load(configDir, env);
    Identity identity = IdentityFile.load(identityFile, env);
    PeerId self = identity.peerId();
    String logId = self.shortString();
    ClusterConfig cc = config.cluster();
    InstantSource clock = InstantSource.system();
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      Datastore datastore =
          RocksDbDatastore.open(
              config.datastore().folder(configDir), config.datastore().options().toSettings());
      resources.push(datastore);

      AtomicReference<StatelessPinTracker> tracker = new AtomicReference<>();
      AtomicReference<PeerNetwork> network = new AtomicReference<>();
      AtomicReference<PeerMonitor> monitor = new AtomicReference<>();
      AtomicReference<HeadAnnouncer> announcer = new AtomicReference<>(HeadAnnouncer.NONE);
      Consensus consensus =
          PeerConsensus.open(
              config, configDir, joining, datastore, identity, tracker, network, monitor, announcer,
              logId);
      resources.push(consensus);

      // Blocks other peers' embedded nodes may take: this node's own, else what the connector gets.
      Function<Cid, Optional<byte[]>> localBlocks = null;
      PeerHooks ipfsHooks = new PeerHooks(logId, () -> {}, List::of);
      IpfsConnector ipfs;
      if (config.embeddedIpfs().isPresent()) {
        EmbeddedIpfsNode node =
            startEmbeddedNode(
                config,
                configDir,
                new PeerBlockSource(network::get, new IpfsNodeOwners(monitor::get), BLOCK_TIMEOUT));
        resources.push(node);
        localBlocks = cid -> Optional.ofNullable(node.node().blockstore().get(cid.multihash()));
        log.info("{} embedded IPFS node listening on {}", logId, node.apiAddresses());
        // The peer calls its own node in process; the HTTP API serves the proxy and tools.
        ipfs = EmbeddedNodeConnector.start(node.node(), ipfsSettings(config.ipfsHttp()), ipfsHooks);
      } else {
        ipfs = IpfsHttpConnector.start(ipfsSettings(config.ipfsHttp()), ipfsHooks);
      }
      resources.push(ipfs);

      StatelessPinTracker pinTracker =
          new StatelessPinTracker(
              self,
              cc.peername(),
              ipfs,
              consensus.state(),
              config.statelessTracker(),
              clock,
              Thread.ofVirtual().name("pin-worker-", 0).factory());
      tracker.set(pinTracker);
      resources.push(pinTracker);

      List<Multiaddr> listen = cc.listenMultiaddress().stream().map(Multiaddr::parse).toList();
      PeerCluster cluster =
          new PeerCluster(
              new PeerCluster.Self(self, cc.peername(), listen),
              cc.replicationFactorMin(),
              cc.replicationFactorMax(),
              cc.followerMode(),
              new PeerCluster.Allocating(
                  config.allocator().allocateBy(),
                  cc.pinOnlyOnTrustedPeers(),
                  cc.pinOnlyOnUntrustedPeers()),
              consensus,
              pinTracker,
              ipfs,
              clock);

      ScheduledExecutorService loops =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name(logId + "-loops").daemon().factory());
      resources.push(loops::shutdownNow);
      pinTracker.startLoops(
          loops, cc.pinRecoverInterval(), cc.stateSyncInterval(), cluster::unpinExpired);
      resources.push(cluster.useRepinning(repinSettings(cc), loops));

      PeerNetwork net =
          PeerNetwork.start(
              networkSettings(cc, configDir),
              identity,
              RpcPolicy.defaults(),
              consensus::isTrustedPeer,
              rpcServices(cluster, pinTracker, ipfs, localBlocks, consensus, logId),
              clock);
      resources.push(net);
      network.set(net);
      PeerConsensus.startCrdtSync(consensus, net, config, identity, announcer, resources);
      cluster.useNetwork(new NetworkPeers(net));
      PeerMonitor mon = startMonitor(config, self, cluster, pinTracker, ipfs, net, loops, clock);
      resources.push(mon);
      monitor.set(mon);
      net.startMdns(cc.mdnsInterval());
      loops.scheduleWithFixedDelay(
          () -> Thread.ofVirtual().name(logId + "-peers").start(net::refresh),
          PEER_REFRESH.toMillis(),
          PEER_REFRESH.toMillis(),
          TimeUnit.MILLISECONDS);
      Thread.ofVirtual()
          .name(logId + "-bootstrap")
          .start(
              () -> {
                net.bootstrap();
                mon.republishAfter(LINK_SETTLE);
              });

      List<Multiaddr> restAddresses = List.of();
      if (config.restApi().isPresent()) {
        RestApi rest =
            RestApi.builder(config.restApi().get(), cluster)
                .configDir(configDir)
                .logPrefix(logId)
                .clock(clock)
                .add(new AddEndpoint(cluster.adding(), clock))
                .build();
        resources.push(rest);
        rest.start();
        restAddresses = rest.listenAddresses();
        log.info("{} REST API listening on {}", logId, restAddresses);
      }

      ClusterPeer peer =
          new ClusterPeer(
              config, identity, cluster, resources, restAddresses, net, consensus, mon, ipfs);
      peer.startRaftMembership(configDir, loops);
      peer.startCrdtMembership(loops);
      log.info(
          "{} peer {} ({}) started: {} consensus, IPFS at {}, datastore {}",
          logId,
          self,
          cc.peername(),
          config.consensus().key(),
          config.ipfsHttp().nodeMultiaddress(),
          config.datastore().folder(configDir));
      return peer;
    } catch (RuntimeException | IOException e) {
      closeAll(resources);
      throw e;
    }
  }

  /**
   * What this peer serves other peers: its use cases, tracker, IPFS connector (with {@code
   * localBlocks}, the blocks its node stores, or the connector's when null) and consensus blocks.
   */
  private static List<BindableService> rpcServices(
      PeerCluster cluster,
      StatelessPinTracker tracker,
      IpfsConnector ipfs,
      Function<Cid, Optional<byte[]>> localBlocks,
      Consensus consensus,
      String logId) {
    return List.of(
        new ClusterService(cluster),
        new PinTrackerService(tracker),
        new IpfsConnectorService(
            ipfs,
            localBlocks != null ? localBlocks : cid -> Optional.of(ipfs.blockGet(cid)),
            task -> Thread.ofVirtual().name(logId + "-rpc-blocks").start(task)),
        consensus instanceof CrdtConsensus replica
            ? new ConsensusService(replica::block, replica::blocks, replica::removalRecord)
            : consensus instanceof RaftConsensus raft
                ? ConsensusService.raft(raft::committedVoters)
                : new ConsensusService(cid -> Optional.empty()));
  }

  /**
   * The peer network of the {@code cluster} section: the first TCP listen address (others are not
   * served yet), the secret, the configured peer addresses and the peerstore file.
   */
  private static PeerNetwork.Settings networkSettings(ClusterConfig cc, Path configDir) {
    List<Multiaddr> listen =
        cc.listenMultiaddress().stream()
            .map(Multiaddr::parse)
            .filter(a -> a.has(Protocol.TCP))
            .toList();
    if (listen.isEmpty()) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "cluster.listen_multiaddress has no TCP address for the peer network");
    }
    if (listen.size() < cc.listenMultiaddress().size()) {
      log.info("only {} of cluster.listen_multiaddress is served (TCP)", listen.getFirst());
    }
    return new PeerNetwork.Settings(
        listen.getFirst(),
        cc.secretBytes(),
        cc.peerAddresses().stream().map(Multiaddr::parse).toList(),
        cc.peerstorePath(configDir),
        cc.dialPeerTimeout(),
        NetworkPeers.ID_TIMEOUT,
        cc.connectionManager(),
        RpcLimits.defaults().withInboundConnections(cc.connectionManager()),
        AddressResolver.systemResolvers(),
        GossipParams.of(cc.pubsub()));
  }

  /**
   * Re-pinning away from down peers: on unless {@code disable_repinning} or {@code follower_mode};
   * a peer must stay down one {@code monitor_ping_interval} after its alert, and each peer examines
   * at most {@link #REPIN_RATE} of its pins per second.
   */
  private static Repinning.Settings repinSettings(ClusterConfig cc) {
    return new Repinning.Settings(
        !cc.disableRepinning() && !cc.followerMode(), cc.monitorPingInterval(), REPIN_RATE);
  }

  /**
   * Starts the peer monitor on the peer network's gossip and this peer's own measurements (ping and
   * informers), which it publishes; the use cases show the monitor's metrics and alerts, and hear
   * of peers going down and coming back (re-pinning).
   */
  private static PeerMonitor startMonitor(
      ServiceConfig config,
      PeerId self,
      PeerCluster cluster,
      StatelessPinTracker tracker,
      IpfsConnector ipfs,
      PeerNetwork net,
      ScheduledExecutorService loops,
      InstantSource clock) {
    ClusterConfig cc = config.cluster();
    PeerMonitor monitor =
        new PeerMonitor(
            self,
            PeerMonitor.Settings.of(
                config.pubSubMonitor().checkInterval(), cc.monitorPingInterval()),
            clock);
    monitor.start(net.pubsub(), loops);
    cluster.showMetrics(monitor);
    // A peer whose ping expired is down: its pins move after the grace period unless it is back.
    monitor.addAlertListener(
        new AlertListener() {
          @Override
          public void onAlert(Alert alert) {
            if (alert.metric().name().equals(PeerMonitor.PING)) {
              cluster.peerDown(alert.metric().peer());
            }
          }

          @Override
          public void onRecovered(Metric metric) {
            if (metric.name().equals(PeerMonitor.PING)) {
              cluster.peerUp(metric.peer());
            }
          }
        });
    new SelfMetrics(self, cc.peername(), ipfs, tracker::pinQueueSize, metricSettings(config), clock)
        .start(loops, monitor::publish);
    return monitor;
  }

  private static SelfMetrics.Settings metricSettings(ServiceConfig config) {
    return new SelfMetrics.Settings(
        config.cluster().monitorPingInterval(),
        config.diskInformer().map(DiskInformerConfig::metricTtl),
        config.diskInformer().map(DiskInformerConfig::metricType).orElse("freespace"),
        config.tagsInformer().map(TagsInformerConfig::metricTtl),
        config.tagsInformer().map(TagsInformerConfig::tags).orElse(Map.of()),
        config.pinQueueInformer().map(PinQueueInformerConfig::metricTtl),
        config.pinQueueInformer().map(PinQueueInformerConfig::weightBucketSize).orElse(0),
        config.numPinInformer().map(NumPinInformerConfig::metricTtl));
  }

  /**
   * For a Raft peer: watches whether it is still a member (every {@code peer_watch_interval}), so
   * that a removed peer shuts down.
   */
  private void startRaftMembership(Path configDir, ScheduledExecutorService loops) {
    if (consensus instanceof RaftConsensus rc && config.consensus() instanceof RaftConfig rcfg) {
      RaftMembership m =
          new RaftMembership(rc, rcfg, configDir, id(), config.cluster().leaveOnShutdown());
      m.watch(loops, config.cluster().peerWatchInterval(), network, this::close);
      raft = m;
    }
  }

  /**
   * For a CRDT peer: acts on peers removed from the cluster (moves their pins, blocks them after
   * two {@code rebroadcast_interval}s, time for them to hear of it), and shuts this peer down when
   * it is the one removed ({@link CrdtMembership}).
   */
  private void startCrdtMembership(ScheduledExecutorService loops) {
    if (consensus instanceof CrdtConsensus crdt && config.consensus() instanceof CrdtConfig c) {
      CrdtMembership.watch(
          crdt,
          network,
          monitor,
          cluster,
          this::close,
          loops,
          c.rebroadcastInterval().multipliedBy(2));
    }
  }

  /**
   * Starts the embedded IPFS node of {@code ipfs_connector.embedded}, listening where the connector
   * expects a node ({@code ipfs_connector.ipfshttp.node_multiaddress}), fetching the blocks it
   * lacks from {@code source}.
   */
  private static EmbeddedIpfsNode startEmbeddedNode(
      ServiceConfig config, Path configDir, BlockSource source) {
    EmbeddedIpfsConfig embedded = config.embeddedIpfs().orElseThrow();
    EmbeddedNodeConfig nodeConfig =
        EmbeddedNodeConfig.defaults(embedded.repo(configDir))
            .withApiAddresses(List.of(Multiaddr.parse(config.ipfsHttp().nodeMultiaddress())))
            .withStorageMax(embedded.storageMaxBytes())
            .withPinTimeout(config.ipfsHttp().pinTimeout());
    return EmbeddedIpfsNode.start(nodeConfig, source);
  }

  /** The connector settings of the {@code ipfs_connector.ipfshttp} section. */
  static IpfsHttpSettings ipfsSettings(IpfsHttpConfig c) {
    return new IpfsHttpSettings(
        Multiaddr.parse(c.nodeMultiaddress()),
        false,
        c.ipfsRequestTimeout(),
        c.pinTimeout(),
        c.unpinTimeout(),
        c.repogcTimeout(),
        c.connectSwarmsDelay(),
        c.informerTriggerInterval(),
        c.unpinDisable());
  }

  public PeerId id() {
    return identity.peerId();
  }

  public ServiceConfig config() {
    return config;
  }

  /** Where the REST API listens (with the real ports), empty when it is not configured. */
  public List<Multiaddr> restAddresses() {
    return restAddresses;
  }

  /** The peer network this peer is part of. */
  public PeerNetwork network() {
    return network;
  }

  /** The addresses other cluster peers reach this one at, with {@code /p2p/}. */
  public List<Multiaddr> peerAddresses() {
    return network.addresses();
  }

  /**
   * Joins the cluster through each of {@code bootstrap} ({@code daemon --bootstrap}): connects and
   * exchanges addresses with the peer and, when {@code trust} holds, trusts it (CRDT's {@code
   * trusted_peers}, unless {@code --no-trust}). A Raft peer then asks that peer to add it to the
   * Raft group ({@code Cluster.PeerAdd}) and waits until it has caught up. A peer that cannot be
   * joined is logged.
   *
   * @return how many of the peers were joined
   */
  public int join(List<Multiaddr> bootstrap, boolean trust) {
    int joined = 0;
    for (Multiaddr address : bootstrap) {
      try {
        PeerId peer = network.join(address);
        if (trust) {
          consensus.trust(peer);
        }
        // As the original: the peer joined counts as alive until its own pings arrive, and it
        // hears of this peer without waiting for the next round of measurements.
        monitor.logPing(peer);
        monitor.republishAfter(LINK_SETTLE);
        RaftMembership r = raft;
        if (r != null) {
          r.join(network, peer);
        }
        joined++;
        log.info("{} joined the cluster through {}", id().shortString(), address);
      } catch (RuntimeException e) {
        log.error("{} cannot join {}: {}", id().shortString(), address, e.getMessage());
      }
    }
    return joined;
  }

  /** The connector to the peer's IPFS node, for tests in this package. */
  IpfsConnector ipfs() {
    return ipfs;
  }

  /** The consensus, for tests in this package that compare replicas. */
  Consensus consensus() {
    return consensus;
  }

  /** The use cases this peer serves. */
  public PeerCluster cluster() {
    return cluster;
  }

  /**
   * Waits until the peer has stopped: closed by {@link #close}, or by itself after it was removed
   * from the cluster.
   */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Whether the peer has stopped (for tests). */
  boolean hasStopped() {
    return stopped.getCount() == 0;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      RaftMembership r = raft;
      if (r != null) {
        r.leaveIfConfigured();
      }
      closeAll(resources);
      if (r != null) {
        r.cleanIfRemoved();
      }
      log.info("{} peer stopped", id().shortString());
      stopped.countDown();
    }
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        log.warn("error while closing: {}", e.toString());
      }
    }
  }
}
