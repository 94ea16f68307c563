package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.multiformats.Protocol;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS messages of cluster peer discovery on the local network (multicast DNS, RFC 6762, laid
 * out as libp2p's mDNS discovery does): a query asks for the PTR records of {@link #SERVICE}; a
 * peer answers with a PTR record naming its instance, a TXT record of that instance with one {@code
 * dnsaddr=<multiaddr>/p2p/<id>} string per address, and SRV and A records for generic mDNS
 * browsers. Only the TXT strings matter to peers.
 *
 * <p>Reading a message is bounded: larger packets than {@link #MAX_PACKET} bytes are not read, at
 * most {@link #MAX_PEERS_PER_PACKET} peers and {@link #MAX_ADDRESSES_PER_PEER} addresses per peer
 * are taken from one packet, and strings that are not multiaddrs with a peer ID are skipped.
 *
 * <p>Stateless and thread-safe.
 */
final class MdnsMessages {
  /** The service cluster peers announce: {@code _ipfs-cluster-discovery._udp} (spec §1.2). */
  static final Name SERVICE = Name.fromConstantString("_ipfs-cluster-discovery._udp.local.");

  /** The largest mDNS packet read (RFC 6762 §17); anything longer is dropped. */
  static final int MAX_PACKET = 9000;

  /** The largest announcement sent: it fits one Ethernet frame. */
  static final int MAX_ANNOUNCEMENT = 1400;

  static final int MAX_PEERS_PER_PACKET = 8;

  static final int MAX_ADDRESSES_PER_PEER = 16;

  /** How long receivers may cache the records (RFC 6762 §10 for records naming hosts). */
  static final long TTL_SECONDS = 120;

  private static final String DNSADDR = "dnsaddr=";

  /** The cache-flush bit of RFC 6762 §10.2, set on the records only this peer owns. */
  private static final int UNIQUE_IN = DClass.IN | 0x8000;

  private MdnsMessages() {}

  /** A malformed or unwanted packet; its message says why, for a debug log line. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /**
   * The name of an instance of the service, {@code <label>._ipfs-cluster-discovery._udp.local.}.
   *
   * @throws IllegalArgumentException when {@code label} is not a valid DNS label
   */
  static Name instance(String label) {
    try {
      return Name.concatenate(Name.fromString(label, null), SERVICE);
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("not a DNS label: " + label, e);
    }
  }

  /**
   * A query for the service's instances. {@code own} is listed as a known answer (RFC 6762 §7.1),
   * so this peer does not answer its own query.
   */
  static byte[] query(Name own) {
    Message m = new Message(0);
    m.addRecord(Record.newRecord(SERVICE, Type.PTR, DClass.IN), Section.QUESTION);
    m.addRecord(new PTRRecord(SERVICE, DClass.IN, TTL_SECONDS, own), Section.ANSWER);
    return m.toWire();
  }

  /**
   * The response announcing instance {@code instance} of peer {@code self} at {@code addresses} (IP
   * and DNS multiaddrs with {@code /tcp/}; the {@code /p2p/} part is added). Addresses that do not
   * fit a TXT string or {@link #MAX_ANNOUNCEMENT} bytes are left out, the last ones first.
   *
   * @return empty when no address can be announced
   */
  static Optional<byte[]> announcement(Name instance, PeerId self, List<Multiaddr> addresses) {
    List<Multiaddr> kept = new ArrayList<>();
    for (Multiaddr a : addresses) {
      if (kept.size() < MAX_ADDRESSES_PER_PEER && (DNSADDR + a.withPeerId(self)).length() <= 255) {
        kept.add(a.withPeerId(self));
      }
    }
    while (!kept.isEmpty()) {
      byte[] wire = response(instance, kept);
      if (wire.length <= MAX_ANNOUNCEMENT) {
        return Optional.of(wire);
      }
      kept.removeLast();
    }
    return Optional.empty();
  }

  private static byte[] response(Name instance, List<Multiaddr> addresses) {
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(new PTRRecord(SERVICE, DClass.IN, TTL_SECONDS, instance), Section.ANSWER);
    m.addRecord(
        new TXTRecord(
            instance, UNIQUE_IN, TTL_SECONDS, addresses.stream().map(a -> DNSADDR + a).toList()),
        Section.ADDITIONAL);
    Name host = Name.fromConstantString(instance.getLabelString(0) + ".local.");
    Optional<String> port = addresses.getFirst().valueOf(Protocol.TCP);
    if (port.isPresent()) {
      m.addRecord(
          new SRVRecord(instance, UNIQUE_IN, TTL_SECONDS, 0, 0, Integer.parseInt(port.get()), host),
          Section.ADDITIONAL);
    }
    for (Multiaddr a : addresses) {
      Optional<String> ip4 = a.valueOf(Protocol.IP4);
      if (ip4.isPresent()) {
        try {
          m.addRecord(
              new ARecord(host, UNIQUE_IN, TTL_SECONDS, InetAddress.getByName(ip4.get())),
              Section.ADDITIONAL);
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException("an /ip4 value is not an IPv4 address: " + a, e);
        }
      }
    }
    return m.toWire();
  }

  /**
   * Reads a packet.
   *
   * @throws Unreadable when it is longer than {@link #MAX_PACKET} or not a DNS message
   */
  static Message read(byte[] packet, int length) throws Unreadable {
    if (length > MAX_PACKET) {
      throw new Unreadable("packet of more than " + MAX_PACKET + " bytes");
    }
    try {
      return new Message(java.util.Arrays.copyOf(packet, length));
    } catch (java.io.IOException | RuntimeException e) {
      throw new Unreadable("not a DNS message: " + e.getMessage());
    }
  }

  /**
   * Whether {@code m} is a query this peer, announced as {@code own}, should answer: it asks for
   * the service's PTR records (or any records) and does not list {@code own} as a known answer.
   */
  static boolean asksFor(Message m, Name own) {
    if (m.getHeader().getFlag(Flags.QR) || m.getHeader().getOpcode() != 0) {
      return false;
    }
    boolean asks = false;
    for (Record q : m.getSection(Section.QUESTION)) {
      int type = q.getType();
      asks |=
          q.getName().equals(SERVICE)
              && (type == Type.PTR || type == Type.ANY)
              && (q.getDClass() & 0x7fff) == DClass.IN;
    }
    if (!asks) {
      return false;
    }
    for (Record known : m.getSection(Section.ANSWER)) {
      if (known instanceof PTRRecord ptr
          && ptr.getName().equals(SERVICE)
          && ptr.getTarget().equals(own)
          && ptr.getTTL() >= TTL_SECONDS / 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * The peers a response announces: the {@code dnsaddr=} strings of the TXT records of the service
   * instances its PTR records name, grouped by the peer ID each address ends with, in packet order.
   * Queries, other services and strings that are not multiaddrs with a peer ID give nothing; peers
   * and addresses beyond the bounds are dropped.
   */
  static Map<PeerId, List<Multiaddr>> peers(Message m) {
    Map<PeerId, List<Multiaddr>> out = new LinkedHashMap<>();
    if (!m.getHeader().getFlag(Flags.QR)) {
      return out;
    }
    Set<Name> instances = new LinkedHashSet<>();
    List<Record> records = new ArrayList<>(m.getSection(Section.ANSWER));
    records.addAll(m.getSection(Section.ADDITIONAL));
    for (Record r : records) {
      if (r instanceof PTRRecord ptr
          && ptr.getName().equals(SERVICE)
          && instances.size() < MAX_PEERS_PER_PACKET) {
        instances.add(ptr.getTarget());
      }
    }
    for (Record r : records) {
      if (r instanceof TXTRecord txt && instances.contains(txt.getName())) {
        for (String s : txt.getStrings()) {
          addressOf(s).ifPresent(a -> add(out, a));
        }
      }
    }
    return out;
  }

  private static void add(Map<PeerId, List<Multiaddr>> out, Multiaddr address) {
    PeerId peer = address.peerId().orElseThrow();
    List<Multiaddr> known = out.get(peer);
    if (known == null) {
      if (out.size() == MAX_PEERS_PER_PACKET) {
        return;
      }
      known = new ArrayList<>();
      out.put(peer, known);
    }
    if (known.size() < MAX_ADDRESSES_PER_PEER && !known.contains(address)) {
      known.add(address);
    }
  }

  /** The multiaddr of a {@code dnsaddr=} string, when it is one naming a peer. */
  private static Optional<Multiaddr> addressOf(String s) {
    if (!s.startsWith(DNSADDR)) {
      return Optional.empty();
    }
    try {
      Multiaddr a = Multiaddr.parse(s.substring(DNSADDR.length()));
      return a.peerId().isPresent() ? Optional.of(a) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
