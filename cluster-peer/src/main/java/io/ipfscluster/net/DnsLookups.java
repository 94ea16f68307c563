package io.ipfscluster.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * A, AAAA and TXT lookups with dnsjava: one query per name and type, sent to the system's resolvers
 * or to one given server, and bounded by a timeout. Names are absolute (no search domains). A and
 * AAAA lookups consult a hosts file first when there is one, as the system's own resolver does with
 * {@code /etc/hosts}.
 *
 * <p>Thread-safe: dnsjava's resolvers are, and nothing here changes after construction.
 */
final class DnsLookups {
  /** A lookup that gave no answer: its message says which name, which type and why. */
  static final class LookupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    LookupFailure(String message) {
      super(message);
    }
  }

  private final Resolver resolver;
  private final String servers;
  private final Duration timeout;
  private final Optional<HostsFileParser> hosts;

  private DnsLookups(
      Resolver resolver, String servers, Duration timeout, Optional<HostsFileParser> hosts) {
    this.resolver = resolver;
    this.servers = servers;
    this.timeout = timeout;
    this.hosts = hosts;
    // dnsjava's own timer is a backstop: the lookup's orTimeout fires first, so a timeout always
    // reads the same whichever resolver is used.
    resolver.setTimeout(timeout.plusSeconds(1));
  }

  /** Lookups at the resolvers the system is configured with ({@code /etc/resolv.conf}). */
  static DnsLookups system(Duration timeout, Optional<HostsFileParser> hosts) {
    List<InetSocketAddress> configured = ResolverConfig.getCurrentConfig().servers();
    return new DnsLookups(new ExtendedResolver(), "servers " + configured, timeout, hosts);
  }

  /** Lookups at one server, for example a test server on the loopback interface. */
  static DnsLookups at(
      InetSocketAddress server, Duration timeout, Optional<HostsFileParser> hosts) {
    return new DnsLookups(new SimpleResolver(server), "server " + server, timeout, hosts);
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * The addresses of {@code host}: {@link Type#A} or {@link Type#AAAA} records, or the host itself
   * when it is an IP literal of that family. May be empty (the name exists without such records).
   */
  CompletableFuture<List<InetAddress>> addresses(String host, int type) {
    int family = type == Type.A ? Address.IPv4 : Address.IPv6;
    byte[] literal = Address.toByteArray(host, family);
    if (literal != null) {
      return CompletableFuture.completedFuture(List.of(inetAddress(literal)));
    }
    Name name;
    try {
      name = absolute(host);
    } catch (LookupFailure e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<InetAddress> fromHosts = fromHostsFile(name, type);
    if (fromHosts.isPresent()) {
      return CompletableFuture.completedFuture(List.of(fromHosts.get()));
    }
    return query(name, type)
        .thenApply(
            records -> {
              List<InetAddress> out = new ArrayList<>();
              for (Record r : records) {
                if (r instanceof ARecord a) {
                  out.add(a.getAddress());
                } else if (r instanceof AAAARecord aaaa) {
                  out.add(aaaa.getAddress());
                }
              }
              return out;
            });
  }

  /** The TXT records of {@code name}, each with its strings joined as Go's LookupTXT does. */
  List<String> txt(String name) throws LookupFailure {
    List<Record> records = await(query(absolute(name), Type.TXT));
    List<String> out = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof TXTRecord t) {
        out.add(String.join("", t.getStrings()));
      }
    }
    return out;
  }

  /** Waits for a lookup; a failed one throws its {@link LookupFailure}. */
  static <T> T await(CompletableFuture<T> lookup) throws LookupFailure {
    try {
      return lookup.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LookupFailure f) {
        throw f;
      }
      throw new LookupFailure(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LookupFailure("interrupted");
    }
  }

  /** The records of {@code type} in the answer, whatever their owner (a CNAME chain's end). */
  private CompletableFuture<List<Record>> query(Name name, int type) {
    String what = Type.string(type) + " " + name.toString(true);
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    CompletableFuture<Message> sent;
    try {
      sent = resolver.sendAsync(query).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new LookupFailure("DNS lookup of " + what + " failed: " + e.getMessage()));
    }
    return sent.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .handle(
            (answer, error) -> {
              if (error != null) {
                throw new CompletionException(failure(what, error));
              }
              int rcode = answer.getRcode();
              if (rcode == Rcode.NXDOMAIN) {
                throw new CompletionException(
                    new LookupFailure(name.toString(true) + ": no such domain (NXDOMAIN)"));
              }
              if (rcode != Rcode.NOERROR) {
                throw new CompletionException(
                    new LookupFailure(
                        "DNS lookup of "
                            + what
                            + " failed: the "
                            + servers
                            + " answered "
                            + Rcode.string(rcode)));
              }
              return answer.getSection(Section.ANSWER).stream()
                  .filter(r -> r.getType() == type)
                  .toList();
            });
  }

  private LookupFailure failure(String what, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
      return new LookupFailure(
          "DNS lookup of "
              + what
              + " timed out after "
              + timeout.toMillis()
              + " ms ("
              + servers
              + ")");
    }
    String detail = cause instanceof IOException ? cause.getMessage() : cause.toString();
    return new LookupFailure("DNS lookup of " + what + " failed (" + servers + "): " + detail);
  }

  private Optional<InetAddress> fromHostsFile(Name name, int type) {
    if (hosts.isEmpty()) {
      return Optional.empty();
    }
    try {
      return hosts.get().getAddressForHost(name, type);
    } catch (IOException | RuntimeException e) {
      // An unreadable hosts file is not fatal: DNS still answers.
      return Optional.empty();
    }
  }

  private static Name absolute(String host) throws LookupFailure {
    try {
      return Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      throw new LookupFailure("invalid DNS name \"" + host + "\": " + e.getMessage());
    }
  }

  private static InetAddress inetAddress(byte[] literal) {
    try {
      return InetAddress.getByAddress(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an IP literal of " + literal.length + " bytes", e);
    }
  }
}
