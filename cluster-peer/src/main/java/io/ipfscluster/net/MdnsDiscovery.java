package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * Discovery of cluster peers on the local network with multicast DNS ({@code
 * cluster.mdns_interval}, service {@code _ipfs-cluster-discovery._udp}): this peer announces its
 * addresses on 224.0.0.251 port 5353 on every interface that is up and can multicast, answers the
 * queries for the service, and asks for it every interval. Each peer heard of is handed to a {@link
 * Listener} (the peer network, which connects to it: only holders of the cluster secret get
 * through).
 *
 * <p>What goes out and comes in is described by {@link MdnsMessages}. Announcements leave out
 * loopback addresses, which reach only this host. This peer's own announcements and queries are
 * ignored; unreadable packets are logged at DEBUG and dropped; an interface that appears later is
 * joined at the next interval. Answers to queries go out at most once a second per interface (RFC
 * 6762 §6), whoever asks. IPv4 only: the addresses announced may be IPv6 ones, but the packets go
 * over IPv4.
 *
 * <p>Thread-safe. {@link #close} stops the loops and is idempotent.
 */
public final class MdnsDiscovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("net");

  /** The mDNS group and port (RFC 6762). */
  static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

  /** The shortest time between two answers on one interface. */
  private static final long ANSWER_GAP_NANOS = Duration.ofSeconds(1).toNanos();

  /** Whoever wants to hear of the peers on the local network. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Peer {@code peer} announced {@code addresses} (each with {@code /p2p/<peer>}). Called on the
     * receiving thread for every announcement heard, so it must return quickly.
     */
    void discovered(PeerId peer, List<Multiaddr> addresses);
  }

  private final PeerId self;
  private final String logId;
  private final Supplier<List<Multiaddr>> addresses;
  private final Listener listener;
  private final InetSocketAddress group;
  private final Name instance;
  private final DatagramChannel channel;
  private final ScheduledExecutorService timer;
  private final Map<NetworkInterface, MembershipKey> joined = new ConcurrentHashMap<>();
  private final Map<NetworkInterface, Long> lastAnswer = new ConcurrentHashMap<>();
  private final Object sending = new Object();
  private volatile boolean closed;

  private MdnsDiscovery(
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      Listener listener,
      InetSocketAddress group,
      DatagramChannel channel) {
    this.self = self;
    this.logId = self.shortString();
    this.addresses = addresses;
    this.listener = listener;
    this.group = group;
    this.channel = channel;
    // A random instance name, as libp2p does: the peer ID travels in the TXT record.
    this.instance = MdnsMessages.instance(randomLabel());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(logId + "-mdns").daemon().factory());
  }

  private static String randomLabel() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Starts announcing {@code self} at {@code addresses} (asked anew for each announcement) and
   * asking for other peers every {@code interval}.
   *
   * @throws IOException when the mDNS port cannot be bound
   * @throws IllegalArgumentException when {@code interval} is not positive
   */
  public static MdnsDiscovery start(
      PeerId self, Supplier<List<Multiaddr>> addresses, Duration interval, Listener listener)
      throws IOException {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(listener, "listener");
    if (!interval.isPositive()) {
      throw new IllegalArgumentException("mdns_interval must be positive, got " + interval);
    }
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      // Other mDNS responders on this host (and other peers) share the port.
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(GROUP.getPort()));
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    MdnsDiscovery d = new MdnsDiscovery(self, addresses, listener, GROUP, channel);
    d.joinInterfaces();
    Thread.ofVirtual().name(d.logId + "-mdns-receive").start(d::receive);
    d.announce();
    d.timer.scheduleWithFixedDelay(d::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("{} mDNS discovery on {} every {}", d.logId, d.interfaceNames(), interval);
    return d;
  }

  private List<String> interfaceNames() {
    return joined.keySet().stream().map(NetworkInterface::getName).sorted().toList();
  }

  /** One round: joins new interfaces, then asks for the service on each. */
  private void tick() {
    try {
      joinInterfaces();
      sendAll(MdnsMessages.query(instance));
    } catch (RuntimeException e) {
      log.warn("{} mDNS round failed: {}", logId, e.toString());
    }
  }

  /** Joins the group on every interface that is up, can multicast and has an IPv4 address. */
  private void joinInterfaces() {
    List<NetworkInterface> now;
    try {
      now = multicastInterfaces();
    } catch (SocketException e) {
      log.warn("{} cannot list the network interfaces: {}", logId, e.toString());
      return;
    }
    joined
        .entrySet()
        .removeIf(
            e -> {
              if (now.contains(e.getKey())) {
                return false;
              }
              e.getValue().drop();
              return true;
            });
    for (NetworkInterface nic : now) {
      if (joined.containsKey(nic) || closed) {
        continue;
      }
      try {
        joined.put(nic, channel.join(group.getAddress(), nic));
        log.debug("{} mDNS joined {} on {}", logId, group.getAddress(), nic.getName());
      } catch (IOException | RuntimeException e) {
        log.debug("{} mDNS cannot join on {}: {}", logId, nic.getName(), e.toString());
      }
    }
  }

  private static List<NetworkInterface> multicastInterfaces() throws SocketException {
    List<NetworkInterface> out = new ArrayList<>();
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp()
          && nic.supportsMulticast()
          && !nic.isLoopback()
          && nic.inetAddresses().anyMatch(a -> a instanceof Inet4Address)) {
        out.add(nic);
      }
    }
    return out;
  }

  /** Announces this peer on every joined interface (nothing when it has nothing to announce). */
  private void announce() {
    announcement().ifPresent(this::sendAll);
  }

  private Optional<byte[]> announcement() {
    List<Multiaddr> out =
        addresses.get().stream().filter(MdnsDiscovery::reachesBeyondThisHost).toList();
    return MdnsMessages.announcement(instance, self, out);
  }

  /** Whether another host could dial {@code a}: not a loopback or wildcard IP. */
  static boolean reachesBeyondThisHost(Multiaddr a) {
    Optional<String> ip = a.valueOf(Protocol.IP4).or(() -> a.valueOf(Protocol.IP6));
    if (ip.isEmpty()) {
      return a.has(Protocol.TCP);
    }
    try {
      InetAddress addr = InetAddress.getByName(ip.get());
      return !addr.isLoopbackAddress() && !addr.isAnyLocalAddress() && a.has(Protocol.TCP);
    } catch (java.net.UnknownHostException e) {
      return false; // not reached: an IP literal needs no lookup
    }
  }

  private void sendAll(byte[] packet) {
    for (NetworkInterface nic : List.copyOf(joined.keySet())) {
      send(packet, nic);
    }
  }

  private void send(byte[] packet, NetworkInterface nic) {
    synchronized (sending) {
      try {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
        channel.send(ByteBuffer.wrap(packet), group);
      } catch (ClosedChannelException e) {
        // closing
      } catch (IOException | RuntimeException e) {
        log.debug("{} mDNS cannot send on {}: {}", logId, nic.getName(), e.toString());
      }
    }
  }

  /** The receiving loop, until the channel closes. */
  private void receive() {
    ByteBuffer buffer = ByteBuffer.allocate(MdnsMessages.MAX_PACKET + 1);
    while (!closed) {
      buffer.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.warn("{} mDNS receive failed, discovery stops: {}", logId, e.toString());
        }
        return;
      }
      try {
        handle(buffer.array(), buffer.position(), from);
      } catch (MdnsMessages.Unreadable e) {
        log.debug("{} mDNS packet from {} dropped: {}", logId, from, e.getMessage());
      } catch (RuntimeException e) {
        log.debug("{} mDNS packet from {} dropped: {}", logId, from, e.toString());
      }
    }
  }

  private void handle(byte[] packet, int length, InetSocketAddress from)
      throws MdnsMessages.Unreadable {
    Message m = MdnsMessages.read(packet, length);
    if (MdnsMessages.asksFor(m, instance)) {
      answer(from);
      return;
    }
    if (from.getPort() != group.getPort()) {
      return; // RFC 6762 §11: multicast responses come from the mDNS port
    }
    for (Map.Entry<PeerId, List<Multiaddr>> e : MdnsMessages.peers(m).entrySet()) {
      if (!e.getKey().equals(self)) {
        log.trace("{} mDNS heard {} at {}", logId, e.getKey(), e.getValue());
        listener.discovered(e.getKey(), List.copyOf(e.getValue()));
      }
    }
  }

  /**
   * Answers a query from {@code from} on the interface it came through (every interface when that
   * is unclear), unless this peer answered there less than a second ago.
   */
  private void answer(InetSocketAddress from) {
    Optional<byte[]> packet = announcement();
    if (packet.isEmpty()) {
      return;
    }
    List<NetworkInterface> nics =
        interfaceOf(from.getAddress()).map(List::of).orElseGet(() -> List.copyOf(joined.keySet()));
    long now = System.nanoTime();
    for (NetworkInterface nic : nics) {
      Long last = lastAnswer.get(nic);
      if (last == null || now - last >= ANSWER_GAP_NANOS) {
        lastAnswer.put(nic, now);
        send(packet.get(), nic);
      }
    }
  }

  /** The joined interface whose subnet holds {@code source}. */
  private Optional<NetworkInterface> interfaceOf(InetAddress source) {
    for (NetworkInterface nic : joined.keySet()) {
      for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
        if (ia.getAddress() instanceof Inet4Address
            && sameSubnet(ia.getAddress(), source, ia.getNetworkPrefixLength())) {
          return Optional.of(nic);
        }
      }
    }
    return Optional.empty();
  }

  static boolean sameSubnet(InetAddress a, InetAddress b, int prefixLength) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    if (x.length != y.length || prefixLength < 0 || prefixLength > x.length * 8) {
      return false;
    }
    for (int bit = 0; bit < prefixLength; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    try {
      channel.close(); // also drops the memberships and ends the receiving loop
    } catch (IOException e) {
      log.debug("{} mDNS close: {}", logId, e.toString());
    }
    joined.clear();
    log.info("{} mDNS discovery stopped", logId);
  }
}
