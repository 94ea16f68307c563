package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multiaddr.Component;
import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.Protocol;
import io.ipfscluster.net.DnsLookups.LookupFailure;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * Turns the DNS multiaddrs of peers ({@code /dns}, {@code /dns4}, {@code /dns6}, {@code /dnsaddr})
 * into the {@code /ip4} and {@code /ip6} addresses they stand for; other addresses pass through
 * unchanged.
 *
 * <ul>
 *   <li>{@code /dns4/<host>/…} gives one {@code /ip4/<a>/…} per A record of the host, {@code /dns6}
 *       one {@code /ip6} per AAAA record, {@code /dns} both; the rest of the address ({@code
 *       /tcp/9096/p2p/<id>}) is kept.
 *   <li>{@code /dnsaddr/<host>/…} reads the TXT records of {@code _dnsaddr.<host>}; each {@code
 *       dnsaddr=<multiaddr>} record is an address, itself resolved in turn (it may be another
 *       {@code /dnsaddr} or a {@code /dns4}). When the address has a rest, such as {@code
 *       /p2p/<id>}, only records ending with that rest are kept, as libp2p does, so that a name
 *       listing several peers gives the addresses of the one asked for. Malformed records are
 *       skipped (DEBUG log).
 * </ul>
 *
 * <p>Only a leading DNS component is resolved. Nesting is at most {@code maxDepth} {@code /dnsaddr}
 * lookups deep, a resolution gives at most {@code maxAddresses} addresses and makes at most {@value
 * #MAX_LOOKUPS} lookups, and an address met twice is resolved once, so cycles end. Each lookup
 * gives up after {@code timeout}.
 *
 * <p>Thread-safe: a resolver keeps no state between calls.
 */
public final class AddressResolver {
  private static final Logger LOG = LoggerFactory.getLogger(AddressResolver.class);

  /** How long one lookup may take unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** How many {@code /dnsaddr} lookups may be nested unless told otherwise. */
  public static final int DEFAULT_MAX_DEPTH = 8;

  /** How many addresses one resolution may give unless told otherwise. */
  public static final int DEFAULT_MAX_ADDRESSES = 64;

  /** The most lookups one resolution makes, whatever the records say. */
  static final int MAX_LOOKUPS = 128;

  private static final String DNSADDR_PREFIX = "dnsaddr=";
  private static final int MAX_PROBLEMS_SHOWN = 4;

  private final DnsLookups lookups;
  private final int maxDepth;
  private final int maxAddresses;
  private final String logId;

  private AddressResolver(Builder b) {
    Optional<HostsFileParser> hosts =
        b.hostsFile != null
            ? b.hostsFile
            : b.server == null ? Optional.of(new HostsFileParser()) : Optional.empty();
    this.lookups =
        b.server == null
            ? DnsLookups.system(b.timeout, hosts)
            : DnsLookups.at(b.server, b.timeout, hosts);
    this.maxDepth = b.maxDepth;
    this.maxAddresses = b.maxAddresses;
    this.logId = b.logId;
  }

  /** A resolver using the system's DNS servers and hosts file, with the default limits. */
  public static AddressResolver systemResolvers() {
    return builder().build();
  }

  /** A builder starting from the system's DNS servers and the default limits. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code address} starts with a DNS component, so that {@link #resolve} looks it up. */
  public static boolean needsResolution(Multiaddr address) {
    return isDns(address.components().get(0).protocol());
  }

  /**
   * The IP addresses {@code address} stands for, without duplicates, in the order the records gave
   * them; {@code address} itself when it does not start with a DNS component. Blocks while looking
   * up (call it on a virtual thread).
   *
   * @throws AddressResolutionException naming the address and why, when it gives no address at all
   *     (no such domain, a timeout, no usable records); a resolution that finds some addresses
   *     returns them and logs the failed branches at DEBUG
   */
  public List<Multiaddr> resolve(Multiaddr address) {
    Objects.requireNonNull(address, "address");
    if (!needsResolution(address)) {
      return List.of(address);
    }
    Walk walk = new Walk();
    walk.expand(address, 0);
    if (walk.found.isEmpty()) {
      List<String> shown = walk.problems.stream().limit(MAX_PROBLEMS_SHOWN).toList();
      String reason = shown.isEmpty() ? "it gave no address" : String.join("; ", shown);
      if (walk.problems.size() > shown.size()) {
        reason += "; and " + (walk.problems.size() - shown.size()) + " more";
      }
      throw new AddressResolutionException(address, reason);
    }
    LOG.debug("{} resolved {} to {}", logId, address, walk.found);
    return List.copyOf(walk.found);
  }

  private static boolean isDns(Protocol p) {
    return p == Protocol.DNS || p == Protocol.DNS4 || p == Protocol.DNS6 || p == Protocol.DNSADDR;
  }

  /** One resolution: what it found, what went wrong, what it has already looked up. */
  private final class Walk {
    final Set<Multiaddr> found = new LinkedHashSet<>();
    final Set<Multiaddr> expanded = new HashSet<>();
    final List<String> problems = new ArrayList<>();
    int lookupCount;

    void expand(Multiaddr a, int depth) {
      if (found.size() >= maxAddresses) {
        LOG.debug("{} did not resolve {}: {} addresses are enough", logId, a, maxAddresses);
        return;
      }
      Protocol first = a.components().get(0).protocol();
      if (!isDns(first)) {
        found.add(a);
        return;
      }
      if (!expanded.add(a)) {
        problem(a + " leads back to itself (a dnsaddr cycle)");
        return;
      }
      if (lookupCount >= MAX_LOOKUPS) {
        problem("not resolving " + a + ": " + MAX_LOOKUPS + " lookups made already");
        return;
      }
      lookupCount++;
      try {
        if (first == Protocol.DNSADDR) {
          dnsaddr(a, depth);
        } else {
          host(a, first);
        }
      } catch (LookupFailure e) {
        problem(e.getMessage());
      }
    }

    private void host(Multiaddr a, Protocol family) throws LookupFailure {
      String host = a.components().get(0).valueString();
      List<Component> rest = a.components().subList(1, a.components().size());
      List<CompletableFuture<List<InetAddress>>> pending = new ArrayList<>();
      if (family != Protocol.DNS6) {
        pending.add(lookups.addresses(host, Type.A));
      }
      if (family != Protocol.DNS4) {
        pending.add(lookups.addresses(host, Type.AAAA));
      }
      List<InetAddress> ips = new ArrayList<>();
      LookupFailure failure = null;
      for (CompletableFuture<List<InetAddress>> lookup : pending) {
        try {
          ips.addAll(DnsLookups.await(lookup));
        } catch (LookupFailure e) {
          failure = failure == null ? e : failure;
        }
      }
      if (ips.isEmpty()) {
        if (failure != null) {
          throw failure;
        }
        String types =
            switch (family) {
              case DNS4 -> "A";
              case DNS6 -> "AAAA";
              default -> "A or AAAA";
            };
        problem(host + " has no " + types + " records");
        return;
      }
      if (failure != null) {
        LOG.debug("{} resolved {} in part: {}", logId, a, failure.getMessage());
      }
      for (InetAddress ip : ips) {
        if (found.size() >= maxAddresses) {
          break;
        }
        List<Component> out = new ArrayList<>(rest.size() + 1);
        out.add(
            new Component(
                ip instanceof Inet4Address ? Protocol.IP4 : Protocol.IP6, ip.getAddress()));
        out.addAll(rest);
        found.add(Multiaddr.of(out));
      }
    }

    private void dnsaddr(Multiaddr a, int depth) throws LookupFailure {
      if (depth >= maxDepth) {
        problem(a + " is nested deeper than " + maxDepth + " dnsaddr levels");
        return;
      }
      String name = "_dnsaddr." + a.components().get(0).valueString();
      List<Component> rest = a.components().subList(1, a.components().size());
      List<Multiaddr> values = new ArrayList<>();
      int records = 0;
      int malformed = 0;
      int unmatched = 0;
      for (String txt : lookups.txt(name)) {
        if (!txt.startsWith(DNSADDR_PREFIX)) {
          continue; // other TXT records may share the name
        }
        records++;
        Multiaddr value;
        try {
          value = Multiaddr.parse(txt.substring(DNSADDR_PREFIX.length()));
        } catch (MultiformatException e) {
          malformed++;
          LOG.debug("{} skipped a dnsaddr record of {}: {}", logId, name, e.getMessage());
          continue;
        }
        if (endsWith(value, rest)) {
          values.add(value);
        } else {
          unmatched++;
        }
      }
      if (values.isEmpty()) {
        String detail =
            records == 0
                ? "no dnsaddr TXT records"
                : "no usable dnsaddr records ("
                    + (malformed > 0 ? malformed + " malformed" : "")
                    + (malformed > 0 && unmatched > 0 ? ", " : "")
                    + (unmatched > 0 ? unmatched + " not ending with " + Multiaddr.of(rest) : "")
                    + ")";
        problem(name + " has " + detail);
        return;
      }
      for (Multiaddr value : values) {
        expand(value, depth + 1);
      }
    }

    private void problem(String what) {
      LOG.debug("{} {}", logId, what);
      problems.add(what);
    }
  }

  private static boolean endsWith(Multiaddr a, List<Component> suffix) {
    List<Component> c = a.components();
    return c.size() >= suffix.size()
        && c.subList(c.size() - suffix.size(), c.size()).equals(suffix);
  }

  /** The options of an {@link AddressResolver}. Not thread-safe; the resolver it builds is. */
  public static final class Builder {
    private InetSocketAddress server;
    // null until set: then the system's hosts file, unless a server is given.
    private Optional<HostsFileParser> hostsFile;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxAddresses = DEFAULT_MAX_ADDRESSES;
    private String logId = "-";

    private Builder() {}

    /**
     * Sends every query to this server instead of the system's resolvers (for example a test server
     * on 127.0.0.1); the hosts file is then not consulted unless {@link #hostsFile} says so.
     */
    public Builder server(InetSocketAddress server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /** Consults this hosts file for A and AAAA lookups before DNS (default: the system's one). */
    public Builder hostsFile(Path file) {
      this.hostsFile = Optional.of(new HostsFileParser(Objects.requireNonNull(file, "file")));
      return this;
    }

    /** Consults no hosts file, only DNS. */
    public Builder noHostsFile() {
      this.hostsFile = Optional.empty();
      return this;
    }

    /** How long one lookup may take (default {@link #DEFAULT_TIMEOUT}). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the DNS timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How many {@code /dnsaddr} lookups may be nested (default {@value
     * AddressResolver#DEFAULT_MAX_DEPTH}).
     */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 1) {
        throw new IllegalArgumentException("maxDepth must be at least 1, not " + maxDepth);
      }
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * How many addresses one resolution may give (default {@value
     * AddressResolver#DEFAULT_MAX_ADDRESSES}).
     */
    public Builder maxAddresses(int maxAddresses) {
      if (maxAddresses < 1) {
        throw new IllegalArgumentException("maxAddresses must be at least 1, not " + maxAddresses);
      }
      this.maxAddresses = maxAddresses;
      return this;
    }

    /** The first token of this resolver's log lines, usually the peer's short ID. */
    public Builder logId(String logId) {
      this.logId = Objects.requireNonNull(logId, "logId");
      return this;
    }

    public AddressResolver build() {
      return new AddressResolver(this);
    }
  }
}
