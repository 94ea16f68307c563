package io.ipfscluster.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.ipfscluster.api.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the typed values of one JSON object of {@code service.json} the way the original does: each
 * key starts at the caller's default, a value in the file replaces it, and an environment variable
 * replaces that.
 *
 * <p>The variable name comes from the JSON key by one rule, the one envconfig applies to the Go
 * field names: underscores removed, upper-cased, under the section's prefix. So {@code
 * http_listen_multiaddress} in {@code api.restapi} is {@code
 * CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS}, and {@code high_water} in {@code
 * cluster.connection_manager} is {@code CLUSTER_CONNECTIONMANAGER_HIGHWATER}.
 *
 * <p>"Mostly only non-zero values override" (spec §6.1), per type: an empty string, a missing key,
 * a JSON {@code null} and an empty environment variable keep the default; numbers read with {@link
 * #count} keep it on 0 while {@link #integer} takes 0 as given; booleans, durations (including
 * {@code "0s"}) and lists (including {@code []}) are taken as given. Keys the reader is not asked
 * for are ignored.
 */
final class SectionReader {
  private final JsonNode json;
  private final String path;
  private final String envPrefix;
  private final Map<String, String> env;

  private SectionReader(JsonNode json, String path, String envPrefix, Map<String, String> env) {
    if (json != null && !json.isNull() && !json.isObject()) {
      throw ConfigException.invalid(path, "must be a JSON object", json);
    }
    this.json = json == null || json.isNull() ? null : json;
    this.path = path;
    this.envPrefix = envPrefix;
    this.env = env;
  }

  /** A reader over {@code json} (an object, or null when the section is absent). */
  static SectionReader of(JsonNode json, String path, String envPrefix, Map<String, String> env) {
    return new SectionReader(json, path, envPrefix, env);
  }

  /**
   * The environment name of a JSON key: {@code peer_watch_interval} → {@code PEERWATCHINTERVAL}.
   */
  static String envName(String jsonKey) {
    return jsonKey.replace("_", "").toUpperCase(Locale.ROOT);
  }

  /** The reader of a nested object, such as {@code connection_manager} in {@code cluster}. */
  SectionReader child(String key) {
    return new SectionReader(node(key), path(key), variable(key), env);
  }

  String string(String key, String current) {
    return read(key, current, this::text, s -> s, v -> !v.isEmpty());
  }

  /** A string where an explicit {@code ""} is a value, not "keep the default". */
  String exactString(String key, String current) {
    return read(key, current, this::text, s -> s, v -> true);
  }

  boolean bool(String key, boolean current) {
    return read(key, current, this::bool, SectionReader::parseBool, v -> true);
  }

  /** An integer where 0 keeps the default (the original's {@code SetIfNotDefault}). */
  int count(String key, int current) {
    return read(key, current, this::intValue, SectionReader::parseInt, v -> v != 0);
  }

  /** An integer where 0 is a value like any other. */
  int integer(String key, int current) {
    return read(key, current, this::intValue, SectionReader::parseInt, v -> true);
  }

  /** A 64-bit integer where 0 keeps the default. */
  long countLong(String key, long current) {
    return read(key, current, this::longValue, SectionReader::parseLong, v -> v != 0);
  }

  /** A 64-bit integer where 0 is a value like any other. */
  long integerLong(String key, long current) {
    return read(key, current, this::longValue, SectionReader::parseLong, v -> true);
  }

  double number(String key, double current) {
    return read(key, current, this::doubleValue, SectionReader::parseDouble, v -> true);
  }

  Duration duration(String key, Duration current) {
    return read(key, current, this::durationValue, GoDuration::parse, v -> v != null);
  }

  /** A JSON array of strings; in the environment, comma-separated. */
  List<String> strings(String key, List<String> current) {
    return read(key, current, this::stringList, SectionReader::splitList, v -> true);
  }

  /** A multiaddress list: a JSON string (one entry, {@code ""} for none) or an array. */
  List<String> multiaddrs(String key, List<String> current) {
    return read(key, current, this::stringOrList, SectionReader::splitList, v -> true);
  }

  /** A JSON object of strings; in the environment, {@code k:v} pairs, comma-separated. */
  Map<String, String> stringMap(String key, Map<String, String> current) {
    return read(key, current, this::stringMapValue, SectionReader::splitMap, v -> true);
  }

  /** Like {@link #stringMap}, but an explicit JSON {@code null} means "none". */
  Optional<Map<String, String>> optionalStringMap(
      String key, Optional<Map<String, String>> current) {
    JsonNode node = json == null ? null : json.get(key);
    Optional<Map<String, String>> value = current;
    if (node != null && node.isNull()) {
      value = Optional.empty();
    }
    Map<String, String> read = stringMap(key, null);
    return read == null ? value : Optional.of(read);
  }

  /** A JSON object of string lists (HTTP headers); a single string is a one-entry list. */
  Map<String, List<String>> listMap(String key, Map<String, List<String>> current) {
    return read(
        key,
        current,
        this::listMapValue,
        s -> {
          Map<String, List<String>> out = new LinkedHashMap<>();
          splitMap(s).forEach((k, v) -> out.put(k, List.of(v)));
          return out;
        },
        v -> true);
  }

  private String path(String key) {
    return path + "." + key;
  }

  private String variable(String key) {
    return envPrefix + "_" + envName(key);
  }

  private JsonNode node(String key) {
    JsonNode node = json == null ? null : json.get(key);
    return node == null || node.isNull() ? null : node;
  }

  private <T> T read(
      String key,
      T current,
      Function<JsonAt, T> fromJson,
      Function<String, T> fromEnv,
      Predicate<T> replaces) {
    T value = current;
    JsonNode node = node(key);
    if (node != null) {
      T parsed = fromJson.apply(new JsonAt(node, path(key)));
      if (replaces.test(parsed)) {
        value = parsed;
      }
    }
    String variable = variable(key);
    String text = env.get(variable);
    if (text != null && !text.isEmpty()) {
      T parsed;
      try {
        parsed = fromEnv.apply(text);
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalidEnv(variable, path(key), e.getMessage(), text);
      }
      if (replaces.test(parsed)) {
        value = parsed;
      }
    }
    return value;
  }

  /** A JSON value and the path it was found at. */
  private record JsonAt(JsonNode node, String path) {
    ConfigException mismatch(String expected) {
      return ConfigException.invalid(path, "must be " + expected, node);
    }
  }

  private String text(JsonAt at) {
    if (!at.node().isTextual()) {
      throw at.mismatch("a string");
    }
    return at.node().textValue();
  }

  private boolean bool(JsonAt at) {
    if (!at.node().isBoolean()) {
      throw at.mismatch("true or false");
    }
    return at.node().booleanValue();
  }

  private int intValue(JsonAt at) {
    if (!at.node().isIntegralNumber() || !at.node().canConvertToInt()) {
      throw at.mismatch("an integer");
    }
    return at.node().intValue();
  }

  private long longValue(JsonAt at) {
    if (!at.node().isIntegralNumber() || !at.node().canConvertToLong()) {
      throw at.mismatch("an integer");
    }
    return at.node().longValue();
  }

  private double doubleValue(JsonAt at) {
    if (!at.node().isNumber()) {
      throw at.mismatch("a number");
    }
    return at.node().doubleValue();
  }

  private Duration durationValue(JsonAt at) {
    String text = text(at);
    try {
      return text.isEmpty() ? null : GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid(at.path(), e.getMessage(), null);
    }
  }

  private List<String> stringList(JsonAt at) {
    if (!at.node().isArray()) {
      throw at.mismatch("an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : at.node()) {
      if (!element.isTextual()) {
        throw at.mismatch("an array of strings");
      }
      out.add(element.textValue());
    }
    return out;
  }

  private List<String> stringOrList(JsonAt at) {
    if (at.node().isTextual()) {
      String s = at.node().textValue();
      return s.isEmpty() ? List.of() : List.of(s);
    }
    if (!at.node().isArray()) {
      throw at.mismatch("a string or an array of strings");
    }
    return stringList(at);
  }

  private Map<String, String> stringMapValue(JsonAt at) {
    if (!at.node().isObject()) {
      throw at.mismatch("an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : at.node().properties()) {
      if (!e.getValue().isTextual()) {
        throw at.mismatch("an object of strings");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private Map<String, List<String>> listMapValue(JsonAt at) {
    if (!at.node().isObject()) {
      throw at.mismatch("an object of string arrays");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : at.node().properties()) {
      out.put(e.getKey(), stringOrList(new JsonAt(e.getValue(), at.path() + "." + e.getKey())));
    }
    return out;
  }

  /** Go's {@code strconv.ParseBool}. */
  private static boolean parseBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer");
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer");
    }
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number");
    }
  }

  private static List<String> splitList(String s) {
    List<String> out = new ArrayList<>();
    for (String item : s.split(",")) {
      if (!item.isBlank()) {
        out.add(item.trim());
      }
    }
    return out;
  }

  private static Map<String, String> splitMap(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : splitList(s)) {
      int colon = item.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("must be key:value pairs separated by commas");
      }
      out.put(item.substring(0, colon).trim(), item.substring(colon + 1).trim());
    }
    return out;
  }
}
