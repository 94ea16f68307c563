package io.ipfscluster.rest;

import io.ipfscluster.config.HttpApiConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code api.restapi} settings for tests: the defaults on an ephemeral port, then overrides. */
final class ApiConfigs {
  List<String> listen = List.of("/ip4/127.0.0.1/tcp/0");
  String cert = "";
  String key = "";
  Duration readHeaderTimeout = Duration.ofSeconds(5);
  Duration idleTimeout = Duration.ofMinutes(2);
  int maxHeaderBytes = 4096;
  Optional<Map<String, String>> credentials = Optional.empty();
  String logFile = "";
  Map<String, List<String>> headers = Map.of();
  List<String> origins = List.of("*");
  List<String> methods = List.of("GET");
  List<String> allowedHeaders = List.of();
  boolean allowCredentials = true;
  Duration maxAge = Duration.ZERO;

  HttpApiConfig build() {
    HttpApiConfig d = HttpApiConfig.restApiDefaults();
    return new HttpApiConfig(
        d.key(),
        listen,
        cert,
        key,
        d.readTimeout(),
        readHeaderTimeout,
        d.writeTimeout(),
        idleTimeout,
        maxHeaderBytes,
        List.of(),
        "",
        "",
        credentials,
        logFile,
        headers,
        origins,
        methods,
        allowedHeaders,
        d.corsExposedHeaders(),
        allowCredentials,
        maxAge);
  }
}
