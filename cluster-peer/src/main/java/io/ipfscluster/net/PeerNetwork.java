package io.ipfscluster.net;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.gossip.GossipRouter;
import io.ipfscluster.net.gossip.PubSub;
import io.ipfscluster.net.rpc.PeerChannels;
import io.ipfscluster.net.rpc.PeerRpcServer;
import io.ipfscluster.net.rpc.PeerstoreService;
import io.ipfscluster.net.rpc.RemovalRefusal;
import io.ipfscluster.net.rpc.RpcGossipTransport;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import io.ipfscluster.net.tls.PeerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's place in the cluster's peer network: it serves the peer RPC on its listen address
 * over the mutual TLS of the cluster secret, dials other peers through {@link PeerChannels}, keeps
 * the {@link Peerstore}, and exchanges addresses with the peers it talks to ({@link
 * AddressExchange}), so that a peer known by its ID alone becomes reachable once some peer it talks
 * to knows where it is. It opens a gossip link to every peer it exchanges addresses with, for the
 * cluster's {@link #pubsub}.
 *
 * <p>Membership is what the peerstore holds: the peers this peer has addresses for. Only addresses
 * of peers some member talked to within {@link Peerstore#ADDRESS_TTL} are passed on, so a peer that
 * has gone away is forgotten everywhere within two TTLs.
 *
 * <p>With {@link #startMdns}, peers on the local network are found by multicast DNS ({@link
 * MdnsDiscovery}) and joined; they become members only once they answer with the cluster secret.
 *
 * <p>{@link #block} puts a peer on the block-list: a peer removed from the cluster, or, in tests,
 * the far side of a partition. See {@link BlockList}.
 *
 * <p>Thread-safe. {@link #close} stops mDNS, saves the peerstore file and is idempotent.
 */
public final class PeerNetwork implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("net");

  /**
   * What the network needs from the configuration.
   *
   * @param listen the first TCP address of {@code cluster.listen_multiaddress}
   * @param secret the cluster secret's bytes (empty: an open network)
   * @param peerAddresses {@code cluster.peer_addresses}
   * @param peerstoreFile the {@code peerstore} file, read at start and written at close
   * @param callTimeout deadline of the network's own calls (address exchange)
   * @param resolver looks up {@code /dns*} and {@code /dnsaddr} addresses when dialling
   * @param gossip the tuning of the gossip router ({@code cluster.pubsub})
   */
  public record Settings(
      Multiaddr listen,
      byte[] secret,
      List<Multiaddr> peerAddresses,
      Path peerstoreFile,
      Duration dialTimeout,
      Duration callTimeout,
      ConnectionManagerConfig connections,
      RpcLimits limits,
      AddressResolver resolver,
      GossipParams gossip) {
    public Settings {
      Objects.requireNonNull(listen, "listen");
      secret = secret.clone();
      peerAddresses = List.copyOf(peerAddresses);
      Objects.requireNonNull(peerstoreFile, "peerstoreFile");
      Objects.requireNonNull(dialTimeout, "dialTimeout");
      Objects.requireNonNull(callTimeout, "callTimeout");
      Objects.requireNonNull(connections, "connections");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(gossip, "gossip");
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }
  }

  private final Settings settings;
  private final PeerId self;
  private final String logId;
  private final Peerstore peerstore;
  private final PeerChannels channels;
  private final PeerRpcServer server;
  private final RpcGossipTransport gossipLinks;
  private final GossipRouter gossip;
  private final ScheduledExecutorService gossipTimer;
  private final List<Multiaddr> announced;
  private final AddressExchange exchange;
  private final DiscoveredPeers discoveries;
  private final BlockList blocked;
  private final AddressLookup lookup;
  private MdnsDiscovery mdns;
  private volatile boolean closed;

  private PeerNetwork(
      Settings settings,
      PeerId self,
      Peerstore peerstore,
      PeerChannels channels,
      PeerRpcServer server,
      RpcGossipTransport gossipLinks,
      GossipRouter gossip,
      ScheduledExecutorService gossipTimer,
      List<Multiaddr> announced,
      AddressExchange exchange,
      DiscoveredPeers discoveries,
      BlockList blocked) {
    this.settings = settings;
    this.blocked = blocked;
    this.lookup =
        new AddressLookup(
            peerstore::knows, exchange::askable, exchange::tryExchange, System::nanoTime);
    this.discoveries = discoveries;
    this.self = self;
    this.logId = self.shortString();
    this.peerstore = peerstore;
    this.channels = channels;
    this.server = server;
    this.gossipLinks = gossipLinks;
    this.gossip = gossip;
    this.gossipTimer = gossipTimer;
    this.announced = announced;
    this.exchange = exchange;
  }

  /**
   * Loads the peer addresses (configured ones first, then the peerstore file's), and starts serving
   * {@code services} (plus address exchange) under {@code policy}.
   *
   * @param trusted whether a peer is trusted, for the policy's trusted methods
   * @throws IOException when the peerstore file cannot be read
   * @throws IllegalArgumentException when the peerstore file has a malformed line
   * @throws java.io.UncheckedIOException when the listen address cannot be bound
   */
  public static PeerNetwork start(
      Settings settings,
      Identity identity,
      RpcPolicy policy,
      Predicate<PeerId> trusted,
      List<BindableService> services,
      InstantSource clock)
      throws IOException {
    PeerId self = identity.peerId();
    Peerstore peerstore = new Peerstore(self, clock);
    for (Multiaddr a : settings.peerAddresses()) {
      peerstore.add(a, Peerstore.CONFIGURED, Optional.empty());
    }
    List<Multiaddr> fromFile = PeerstoreFile.read(settings.peerstoreFile());
    for (int i = 0; i < fromFile.size(); i++) {
      peerstore.add(fromFile.get(i), i + 1, Optional.of(Peerstore.ADDRESS_TTL));
    }
    PeerTls tls = PeerTls.create(identity, settings.secret());
    DiscoveredPeers discoveries = new DiscoveredPeers(self.shortString(), clock);
    BlockList blocked = new BlockList();
    PeerChannels channels =
        new PeerChannels(
            tls,
            peer ->
                blocked.contains(peer)
                    ? List.of()
                    : PeerSockets.sockets(peerstore, discoveries, settings.resolver(), peer),
            settings.dialTimeout(),
            settings.connections(),
            settings.limits());
    ExchangeHandOff handOff = new ExchangeHandOff();
    RpcGossipTransport gossipLinks = new RpcGossipTransport(self, channels, settings.limits());
    List<BindableService> all = new ArrayList<>(services);
    all.add(new PeerstoreService(handOff::received));
    all.add(gossipLinks.service());
    PeerRpcServer server;
    try {
      server =
          PeerRpcServer.start(
              tls,
              listenSocket(settings.listen()),
              policy,
              trusted,
              blocked::refusesHandshake,
              blocked::isRemoved,
              settings.limits(),
              all);
    } catch (RuntimeException e) {
      channels.close();
      throw e;
    }
    ScheduledExecutorService gossipTimer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(self.shortString() + "-gossip").daemon().factory());
    GossipRouter gossip =
        GossipRouter.builder(identity, gossipLinks)
            .params(settings.gossip())
            .clock(clock)
            .scheduler(gossipTimer)
            .build();
    gossip.start();
    List<Multiaddr> announced =
        PeerSockets.announce(listenSocket(settings.listen()), server.port(), self);
    AddressExchange exchange =
        new AddressExchange(
            self,
            announced,
            clock,
            peerstore,
            channels,
            gossipLinks,
            blocked,
            settings.callTimeout(),
            settings.connections().lowWater());
    handOff.exchange = exchange;
    PeerNetwork network =
        new PeerNetwork(
            settings,
            self,
            peerstore,
            channels,
            server,
            gossipLinks,
            gossip,
            gossipTimer,
            announced,
            exchange,
            discoveries,
            blocked);
    log.info("{} peer network listening on {}", network.logId, network.announced);
    return network;
  }

  /**
   * Hands incoming exchanges to the {@link AddressExchange}, which needs the addresses to announce,
   * known only once the server is bound.
   */
  private static final class ExchangeHandOff {
    volatile AddressExchange exchange;

    List<Multiaddr> received(PeerId caller, List<Multiaddr> addresses) {
      return exchange.received(caller, addresses);
    }
  }

  /** The socket to bind for a listen multiaddr: {@code /ip4|ip6/<ip>/tcp/<port>}. */
  public static InetSocketAddress listenSocket(Multiaddr listen) {
    Optional<String> ip = listen.valueOf(Protocol.IP4).or(() -> listen.valueOf(Protocol.IP6));
    Optional<String> port = listen.valueOf(Protocol.TCP);
    if (ip.isEmpty() || port.isEmpty()) {
      throw new ClusterException(
          ClusterException.Kind.INVALID,
          "cluster.listen_multiaddress needs an /ip4 or /ip6 address with /tcp, got " + listen);
    }
    return new InetSocketAddress(ip.get(), Integer.parseInt(port.get()));
  }

  /**
   * The addresses to announce for a server listening on {@code listen} at {@code port}: see {@link
   * PeerSockets#announce}.
   */
  public static List<Multiaddr> announce(InetSocketAddress listen, int port, PeerId self) {
    return PeerSockets.announce(listen, port, self);
  }

  public PeerId self() {
    return self;
  }

  /** The addresses this peer announces, with their {@code /p2p/} part. */
  public List<Multiaddr> addresses() {
    return announced;
  }

  /** The other cluster peers this peer knows an address of. */
  public List<PeerId> peers() {
    return peerstore.peers();
  }

  /** The known addresses of {@code peer}, with their {@code /p2p/} part. */
  public List<Multiaddr> addresses(PeerId peer) {
    return exchange.addresses(peer);
  }

  /**
   * The cluster's gossip pub/sub: signed messages on topics, carried over links to the peers this
   * peer exchanges addresses with.
   */
  public PubSub pubsub() {
    return gossip;
  }

  /**
   * The channel to {@code peer}, for the remote components.
   *
   * <p>When no address of the peer is known, asks the peers this one knows at once ({@link
   * AddressLookup}) rather than waiting for the next round of exchanges.
   *
   * @throws ClusterException when the peer is blocked or no address of it is known or found
   */
  public ManagedChannel channel(PeerId peer) {
    blocked.check(peer);
    if (!closed && !peer.equals(self) && !channels.canDial(peer)) {
      lookup.find(peer);
    }
    return channels.channel(peer);
  }

  /**
   * Stops talking to {@code peer}: from now on its connections and calls are refused, it is not
   * dialled, its addresses are neither learnt nor passed on, and what this peer had of it goes (its
   * gossip link, channel and peerstore entry). Idempotent; this peer itself cannot be blocked.
   */
  public void block(PeerId peer) {
    if (peer.equals(self) || !blocked.add(peer)) {
      return;
    }
    forgetBlocked(peer);
  }

  /**
   * {@linkplain #block Blocks} {@code peer}, removed from the cluster, but lets it connect and
   * fetch the record of its removal, and refuses its other calls with a refusal that tells it to
   * ({@link RemovalRefusal}): a removed peer that missed its removal learns it when it comes back.
   */
  public void blockRemoved(PeerId peer) {
    if (peer.equals(self) || !blocked.addRemoved(peer)) {
      return;
    }
    forgetBlocked(peer);
  }

  /**
   * Calls {@code listener} with every peer that refuses a call of this peer claiming that this peer
   * was removed from the cluster ({@link RemovalRefusal}), on a gRPC thread; the claim is unproven
   * until the record fetched with {@link #fetchRemovalRecord} is verified. One listener.
   */
  public void onRemovalClaim(Consumer<PeerId> listener) {
    channels.onRemovalClaim(listener);
  }

  /**
   * The CRDT block that {@code peer} says records this peer's removal, unverified.
   *
   * @throws ClusterException when the peer holds no such record or cannot be reached
   */
  public Block fetchRemovalRecord(PeerId peer, Duration timeout) {
    return RemovalRefusal.fetch(channels.channel(peer), peer, timeout);
  }

  private void forgetBlocked(PeerId peer) {
    exchange.forget(peer);
    peerstore.remove(peer);
    gossipLinks.disconnect(peer);
    channels.forget(peer);
    log.info("{} blocked peer {}: no more traffic with it", logId, peer);
  }

  /** Takes {@code peer} off the block-list; it becomes reachable once its addresses are learnt. */
  public void unblock(PeerId peer) {
    if (blocked.remove(peer)) {
      log.info("{} unblocked peer {}", logId, peer);
    }
  }

  /** Whether {@code peer} is {@linkplain #block blocked}. */
  public boolean blocks(PeerId peer) {
    return blocked.contains(peer);
  }

  /**
   * Connects to the peer of {@code address} and exchanges addresses with it. An address that is
   * only {@code /p2p/<id>} is looked up among the peers this peer already talks to.
   *
   * @return the peer joined
   * @throws ClusterException when the peer cannot be reached or refuses the connection
   */
  public PeerId join(Multiaddr address) {
    PeerId peer =
        address
            .peerId()
            .orElseThrow(
                () ->
                    new ClusterException(
                        ClusterException.Kind.INVALID,
                        "multiaddress does not contain peer ID: " + address));
    if (peer.equals(self)) {
      throw new ClusterException(ClusterException.Kind.INVALID, "cannot join oneself: " + address);
    }
    blocked.check(peer);
    if (PeerSockets.dialable(address)) {
      peerstore.add(address, Peerstore.CONFIGURED, Optional.empty());
    } else {
      lookup.find(peer);
    }
    if (!peerstore.knows(peer)) {
      throw new ClusterException(ClusterException.Kind.FAILED, "no address known for peer " + peer);
    }
    exchange.exchange(peer);
    return peer;
  }

  /**
   * Exchanges addresses with up to {@value AddressExchange#ROUND_PEERS} known peers, best priority
   * first, and returns how many answered. Failures are logged.
   */
  public int bootstrap() {
    return exchange.bootstrap();
  }

  /**
   * One round of upkeep: exchanges addresses with up to {@value AddressExchange#ROUND_PEERS} known
   * peers picked at random, which refreshes the addresses of live peers and lets expired ones go,
   * then opens gossip links to known peers without one, up to the connection manager's {@code
   * low_water} links.
   */
  public void refresh() {
    exchange.refresh();
  }

  /**
   * Starts discovering peers on the local network with mDNS every {@code interval} ({@code
   * cluster.mdns_interval}; zero: not at all). It stops when the network closes. When it cannot
   * start (the mDNS port is taken without sharing, for example) the peer runs without it and says
   * so in the log.
   */
  public synchronized void startMdns(Duration interval) {
    if (closed || !interval.isPositive() || mdns != null) {
      return;
    }
    try {
      mdns = MdnsDiscovery.start(self, this::addresses, interval, this::discovered);
    } catch (IOException | RuntimeException e) {
      log.warn("{} mDNS discovery could not be started: {}", logId, e.toString());
    }
  }

  /**
   * A peer heard of on the local network ({@link MdnsDiscovery}): unless this peer talked to it
   * recently at those addresses, it connects and exchanges addresses in the background, as with a
   * peer joined. The addresses enter the peerstore only once the peer has answered, so the peers of
   * another cluster on the same network (which fail the cluster secret) never become members; such
   * a peer is left alone for a minute. At most {@value DiscoveredPeers#DIALS} discovered peers are
   * dialled at once; others are dropped until heard again.
   *
   * @return completes with whether this peer talks to it: at once when it did recently, with false
   *     at once when the peer failed within a minute or too many are being dialled, else when the
   *     attempt under way ends
   */
  public CompletableFuture<Boolean> discovered(PeerId peer, List<Multiaddr> addresses) {
    List<Multiaddr> usable =
        addresses.stream()
            .filter(a -> a.peerId().equals(Optional.of(peer)) && PeerSockets.dialable(a))
            .map(Multiaddr::withoutPeerId)
            .limit(Peerstore.MAX_ADDRESSES_PER_PEER)
            .toList();
    if (exchange.contacted().contains(peer) && peerstore.addresses(peer).containsAll(usable)) {
      return CompletableFuture.completedFuture(true);
    }
    if (closed || peer.equals(self) || usable.isEmpty() || blocked.contains(peer)) {
      return CompletableFuture.completedFuture(false);
    }
    return discoveries.join(peer, usable, p -> joinDiscovered(p, usable));
  }

  private boolean joinDiscovered(PeerId peer, List<Multiaddr> addresses) {
    boolean known = peerstore.knows(peer);
    try {
      exchange.exchange(peer);
      for (Multiaddr a : addresses.reversed()) {
        peerstore.add(a.withPeerId(peer), Peerstore.LEARNED, Optional.of(Peerstore.ADDRESS_TTL));
      }
      log.info("{} connected to peer {} found on the local network", logId, peer);
      return true;
    } catch (RuntimeException e) {
      if (!known) {
        channels.forget(peer); // no channel is kept to a stranger
      }
      log.debug("{} cannot join {} found on the local network: {}", logId, peer, e.getMessage());
      return false;
    }
  }

  /** Saves the peerstore file, stops serving and closes every channel. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      exchange.close();
      if (mdns != null) {
        mdns.close();
      }
    }
    try {
      PeerstoreFile.write(settings.peerstoreFile(), peerstore.snapshot());
    } catch (IOException e) {
      log.warn("{} cannot save {}: {}", logId, settings.peerstoreFile(), e.toString());
    }
    gossip.close();
    gossipLinks.close();
    gossipTimer.shutdownNow();
    server.close();
    channels.close();
  }
}
