package io.ipfscluster.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code api.ipfsproxy}: the kubo-compatible proxy that forwards to the IPFS node and intercepts
 * pin, add and repo calls. It runs only when its section is in the file. {@code node_https}, {@code
 * extract_headers_extra}, {@code extract_headers_path} and {@code extract_headers_ttl} are written
 * only when set or different from their defaults.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path of a
 * value that breaks the rules.
 */
public record IpfsProxyConfig(
    List<String> listenMultiaddress,
    String nodeMultiaddress,
    boolean nodeHttps,
    String logFile,
    Duration readTimeout,
    Duration readHeaderTimeout,
    Duration writeTimeout,
    Duration idleTimeout,
    int maxHeaderBytes,
    List<String> extractHeadersExtra,
    String extractHeadersPath,
    Duration extractHeadersTtl) {
  static final String KEY = "ipfsproxy";
  static final String PATH = "api.ipfsproxy";
  private static final String DEFAULT_EXTRACT_HEADERS_PATH = "/api/v0/version";
  private static final Duration DEFAULT_EXTRACT_HEADERS_TTL = Duration.ofMinutes(5);

  public IpfsProxyConfig {
    listenMultiaddress = List.copyOf(listenMultiaddress);
    extractHeadersExtra = List.copyOf(extractHeadersExtra);
    Require.notEmpty(PATH + ".listen_multiaddress", listenMultiaddress);
    Require.multiaddrs(PATH + ".listen_multiaddress", listenMultiaddress);
    Require.multiaddr(PATH + ".node_multiaddress", nodeMultiaddress);
    Require.notNegative(PATH + ".read_timeout", readTimeout);
    Require.notNegative(PATH + ".read_header_timeout", readHeaderTimeout);
    Require.notNegative(PATH + ".write_timeout", writeTimeout);
    Require.notNegative(PATH + ".idle_timeout", idleTimeout);
    Require.that(
        maxHeaderBytes >= HttpApiConfig.MIN_MAX_HEADER_BYTES,
        PATH + ".max_header_bytes",
        "must be >= " + HttpApiConfig.MIN_MAX_HEADER_BYTES,
        maxHeaderBytes);
    Require.notEmpty(PATH + ".extract_headers_path", extractHeadersPath);
    Require.notNegative(PATH + ".extract_headers_ttl", extractHeadersTtl);
  }

  /** Listens on {@code /ip4/127.0.0.1/tcp/9095} and forwards to {@code /ip4/127.0.0.1/tcp/5001}. */
  public static IpfsProxyConfig defaults() {
    return new IpfsProxyConfig(
        List.of("/ip4/127.0.0.1/tcp/9095"),
        "/ip4/127.0.0.1/tcp/5001",
        false,
        "",
        Duration.ZERO,
        Duration.ofSeconds(5),
        Duration.ZERO,
        Duration.ofMinutes(1),
        HttpApiConfig.MIN_MAX_HEADER_BYTES,
        List.of(),
        DEFAULT_EXTRACT_HEADERS_PATH,
        DEFAULT_EXTRACT_HEADERS_TTL);
  }

  static IpfsProxyConfig read(SectionReader r) {
    IpfsProxyConfig d = defaults();
    List<String> listen = r.multiaddrs("listen_multiaddress", d.listenMultiaddress);
    return new IpfsProxyConfig(
        listen.isEmpty() ? d.listenMultiaddress : listen,
        r.string("node_multiaddress", d.nodeMultiaddress),
        r.bool("node_https", d.nodeHttps),
        r.string("log_file", d.logFile),
        r.duration("read_timeout", d.readTimeout),
        r.duration("read_header_timeout", d.readHeaderTimeout),
        r.duration("write_timeout", d.writeTimeout),
        r.duration("idle_timeout", d.idleTimeout),
        r.count("max_header_bytes", d.maxHeaderBytes),
        r.strings("extract_headers_extra", d.extractHeadersExtra),
        r.string("extract_headers_path", d.extractHeadersPath),
        r.duration("extract_headers_ttl", d.extractHeadersTtl));
  }

  void write(SectionWriter w) {
    w.putMultiaddrs("listen_multiaddress", listenMultiaddress)
        .put("node_multiaddress", nodeMultiaddress);
    if (nodeHttps) {
      w.put("node_https", true);
    }
    w.put("log_file", logFile)
        .put("read_timeout", readTimeout)
        .put("read_header_timeout", readHeaderTimeout)
        .put("write_timeout", writeTimeout)
        .put("idle_timeout", idleTimeout)
        .put("max_header_bytes", maxHeaderBytes);
    if (!extractHeadersExtra.isEmpty()) {
      w.put("extract_headers_extra", extractHeadersExtra);
    }
    if (!extractHeadersPath.equals(DEFAULT_EXTRACT_HEADERS_PATH)) {
      w.put("extract_headers_path", extractHeadersPath);
    }
    if (!extractHeadersTtl.equals(DEFAULT_EXTRACT_HEADERS_TTL)) {
      w.put("extract_headers_ttl", extractHeadersTtl);
    }
  }
}
