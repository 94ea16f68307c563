package io.ipfscluster.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (an ephemeral UDP port) for hermetic tests: it
 * answers A, AAAA and TXT questions from an in-memory table, NXDOMAIN for names it has no record
 * of, and nothing at all once {@link #silent} is called. Point an {@link AddressResolver} at {@link
 * #address()}.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
 *   dns.a("peer1.cluster.test", "127.0.0.1")
 *       .txt("_dnsaddr.cluster.test", "dnsaddr=/dns4/peer1.cluster.test/tcp/9096/p2p/12D3…");
 *   AddressResolver r = AddressResolver.builder().server(dns.address()).build();
 * }
 * }</pre>
 *
 * <p>Thread-safe: records may be added while it serves.
 */
public final class LoopbackDnsServer implements AutoCloseable {
  private static final long TTL = 60;

  private final DatagramSocket socket;
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final List<String> questions = new CopyOnWriteArrayList<>();
  private final Thread loop;
  private volatile boolean silent;

  private LoopbackDnsServer(DatagramSocket socket) {
    this.socket = socket;
    this.loop = Thread.ofPlatform().daemon().name("loopback-dns").start(this::serve);
  }

  /** Starts a server on 127.0.0.1 at a free port. */
  public static LoopbackDnsServer start() {
    try {
      return new LoopbackDnsServer(
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Adds one A record per IPv4 address to {@code name}. */
  public LoopbackDnsServer a(String name, String... ipv4) {
    for (String ip : ipv4) {
      add(new ARecord(name(name), DClass.IN, TTL, ip(ip)));
    }
    return this;
  }

  /** Adds one AAAA record per IPv6 address to {@code name}. */
  public LoopbackDnsServer aaaa(String name, String... ipv6) {
    for (String ip : ipv6) {
      add(new AAAARecord(name(name), DClass.IN, TTL, ip(ip)));
    }
    return this;
  }

  /** Adds one TXT record per value to {@code name}, for example {@code "dnsaddr=/ip4/…"}. */
  public LoopbackDnsServer txt(String name, String... values) {
    for (String v : values) {
      add(new TXTRecord(name(name), DClass.IN, TTL, v));
    }
    return this;
  }

  /** From now on, receives questions but never answers them (a server that times out). */
  public LoopbackDnsServer silent() {
    silent = true;
    return this;
  }

  /** The questions received so far, in order, as {@code "TXT _dnsaddr.cluster.test."}. */
  public List<String> questions() {
    return List.copyOf(questions);
  }

  private void add(Record r) {
    records.computeIfAbsent(r.getName(), n -> new CopyOnWriteArrayList<>()).add(r);
  }

  private void serve() {
    byte[] buffer = new byte[65535];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return; // closed
      }
      Message query;
      try {
        query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
      } catch (IOException e) {
        continue; // not DNS: ignore, as a real server would
      }
      Record question = query.getQuestion();
      if (question == null) {
        continue;
      }
      questions.add(Type.string(question.getType()) + " " + question.getName());
      if (silent) {
        continue;
      }
      byte[] answer = answer(query, question);
      try {
        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private byte[] answer(Message query, Record question) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.addRecord(question, Section.QUESTION);
    List<Record> known = records.get(question.getName());
    if (known == null) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    } else {
      for (Record r : known) {
        if (r.getType() == question.getType()) {
          response.addRecord(r, Section.ANSWER);
        }
      }
    }
    OPTRecord opt = query.getOPT();
    return response.toWire(opt == null ? 512 : Math.max(512, opt.getPayloadSize()));
  }

  private static Name name(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    }
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      loop.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
