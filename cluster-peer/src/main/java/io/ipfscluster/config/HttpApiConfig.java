package io.ipfscluster.config;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code api.restapi} and {@code api.pinsvcapi}: the two HTTP APIs share this schema and differ in
 * {@link #key()} and their default port (9094 and 9097). The API runs only when its section is in
 * the file.
 *
 * <p>{@code basic_auth_credentials} (user → password) is absent by default; an empty map is
 * invalid. The optional libp2p endpoint needs all of {@code libp2p_listen_multiaddress}, {@code id}
 * and {@code private_key}, or none.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} naming the path of a
 * value that breaks the rules.
 */
public record HttpApiConfig(
    String key,
    List<String> httpListenMultiaddress,
    String sslCertFile,
    String sslKeyFile,
    Duration readTimeout,
    Duration readHeaderTimeout,
    Duration writeTimeout,
    Duration idleTimeout,
    int maxHeaderBytes,
    List<String> libp2pListenMultiaddress,
    String id,
    String privateKey,
    Optional<Map<String, String>> basicAuthCredentials,
    String httpLogFile,
    Map<String, List<String>> headers,
    List<String> corsAllowedOrigins,
    List<String> corsAllowedMethods,
    List<String> corsAllowedHeaders,
    List<String> corsExposedHeaders,
    boolean corsAllowCredentials,
    Duration corsMaxAge) {
  /** The key of the REST API section. */
  public static final String RESTAPI = "restapi";

  /** The key of the Pinning Service API section. */
  public static final String PINSVCAPI = "pinsvcapi";

  static final int MIN_MAX_HEADER_BYTES = 4096;

  public HttpApiConfig {
    Require.that(
        key.equals(RESTAPI) || key.equals(PINSVCAPI), "api", "unknown HTTP API section", key);
    String path = "api." + key;
    httpListenMultiaddress = List.copyOf(httpListenMultiaddress);
    libp2pListenMultiaddress = List.copyOf(libp2pListenMultiaddress);
    basicAuthCredentials = basicAuthCredentials.map(Map::copyOf);
    headers =
        headers.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    corsAllowedMethods = List.copyOf(corsAllowedMethods);
    corsAllowedHeaders = List.copyOf(corsAllowedHeaders);
    corsExposedHeaders = List.copyOf(corsExposedHeaders);

    Require.notEmpty(path + ".http_listen_multiaddress", httpListenMultiaddress);
    Require.multiaddrs(path + ".http_listen_multiaddress", httpListenMultiaddress);
    Require.that(
        sslCertFile.isEmpty() == sslKeyFile.isEmpty(),
        path + (sslCertFile.isEmpty() ? ".ssl_cert_file" : ".ssl_key_file"),
        "must be set together with " + (sslCertFile.isEmpty() ? "ssl_key_file" : "ssl_cert_file"),
        null);
    Require.notNegative(path + ".read_timeout", readTimeout);
    Require.notNegative(path + ".read_header_timeout", readHeaderTimeout);
    Require.notNegative(path + ".write_timeout", writeTimeout);
    Require.notNegative(path + ".idle_timeout", idleTimeout);
    Require.that(
        maxHeaderBytes >= MIN_MAX_HEADER_BYTES,
        path + ".max_header_bytes",
        "must be >= " + MIN_MAX_HEADER_BYTES,
        maxHeaderBytes);
    checkLibp2p(path, libp2pListenMultiaddress, id, privateKey);
    Require.that(
        basicAuthCredentials.map(m -> !m.isEmpty()).orElse(true),
        path + ".basic_auth_credentials",
        "must be null or have at least one entry",
        null);
    Require.notNegative(path + ".cors_max_age", corsMaxAge);
  }

  private static void checkLibp2p(String path, List<String> addrs, String id, String key) {
    boolean any = !addrs.isEmpty() || !id.isEmpty() || !key.isEmpty();
    boolean all = !addrs.isEmpty() && !id.isEmpty() && !key.isEmpty();
    Require.that(
        !any || all,
        path + ".libp2p_listen_multiaddress",
        "libp2p_listen_multiaddress, id and private_key must be set all together or not at all",
        null);
    Require.multiaddrs(path + ".libp2p_listen_multiaddress", addrs);
    if (!id.isEmpty()) {
      Require.peerIds(path + ".id", List.of(id));
    }
    try {
      Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(path + ".private_key", "must be base64", null);
    }
  }

  /** The REST API defaults: {@code /ip4/127.0.0.1/tcp/9094}. */
  public static HttpApiConfig restApiDefaults() {
    return defaults(RESTAPI, "/ip4/127.0.0.1/tcp/9094");
  }

  /** The Pinning Service API defaults: {@code /ip4/127.0.0.1/tcp/9097}. */
  public static HttpApiConfig pinSvcApiDefaults() {
    return defaults(PINSVCAPI, "/ip4/127.0.0.1/tcp/9097");
  }

  private static HttpApiConfig defaults(String key, String listen) {
    return new HttpApiConfig(
        key,
        List.of(listen),
        "",
        "",
        Duration.ZERO,
        Duration.ofSeconds(5),
        Duration.ZERO,
        Duration.ofMinutes(2),
        MIN_MAX_HEADER_BYTES,
        List.of(),
        "",
        "",
        Optional.empty(),
        "",
        Map.of(),
        List.of("*"),
        List.of("GET"),
        List.of(),
        List.of("Content-Type", "X-Stream-Output", "X-Chunked-Output", "X-Content-Length"),
        true,
        Duration.ZERO);
  }

  /** Reads the section {@code api.<key>} over the defaults of that API. */
  static HttpApiConfig read(String key, SectionReader r) {
    HttpApiConfig d = key.equals(RESTAPI) ? restApiDefaults() : pinSvcApiDefaults();
    List<String> listen = r.multiaddrs("http_listen_multiaddress", d.httpListenMultiaddress);
    return new HttpApiConfig(
        key,
        listen.isEmpty() ? d.httpListenMultiaddress : listen,
        r.string("ssl_cert_file", d.sslCertFile),
        r.string("ssl_key_file", d.sslKeyFile),
        r.duration("read_timeout", d.readTimeout),
        r.duration("read_header_timeout", d.readHeaderTimeout),
        r.duration("write_timeout", d.writeTimeout),
        r.duration("idle_timeout", d.idleTimeout),
        r.count("max_header_bytes", d.maxHeaderBytes),
        r.multiaddrs("libp2p_listen_multiaddress", d.libp2pListenMultiaddress),
        r.string("id", d.id),
        r.string("private_key", d.privateKey),
        r.optionalStringMap("basic_auth_credentials", d.basicAuthCredentials),
        r.string("http_log_file", d.httpLogFile),
        r.listMap("headers", d.headers),
        r.strings("cors_allowed_origins", d.corsAllowedOrigins),
        r.strings("cors_allowed_methods", d.corsAllowedMethods),
        r.strings("cors_allowed_headers", d.corsAllowedHeaders),
        r.strings("cors_exposed_headers", d.corsExposedHeaders),
        r.bool("cors_allow_credentials", d.corsAllowCredentials),
        r.duration("cors_max_age", d.corsMaxAge));
  }

  void write(SectionWriter w) {
    w.putMultiaddrs("http_listen_multiaddress", httpListenMultiaddress);
    if (!sslCertFile.isEmpty()) {
      w.put("ssl_cert_file", sslCertFile).put("ssl_key_file", sslKeyFile);
    }
    w.put("read_timeout", readTimeout)
        .put("read_header_timeout", readHeaderTimeout)
        .put("write_timeout", writeTimeout)
        .put("idle_timeout", idleTimeout)
        .put("max_header_bytes", maxHeaderBytes);
    if (!libp2pListenMultiaddress.isEmpty()) {
      w.putMultiaddrs("libp2p_listen_multiaddress", libp2pListenMultiaddress)
          .put("id", id)
          .put("private_key", privateKey);
    }
    basicAuthCredentials.ifPresentOrElse(
        creds -> w.putStringMap("basic_auth_credentials", creds),
        () -> w.putNull("basic_auth_credentials"));
    w.put("http_log_file", httpLogFile)
        .putListMap("headers", headers)
        .put("cors_allowed_origins", corsAllowedOrigins)
        .put("cors_allowed_methods", corsAllowedMethods)
        .put("cors_allowed_headers", corsAllowedHeaders)
        .put("cors_exposed_headers", corsExposedHeaders)
        .put("cors_allow_credentials", corsAllowCredentials)
        .put("cors_max_age", corsMaxAge);
  }
}
