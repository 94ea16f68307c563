package io.ipfscluster.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.api.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the typed values of one JSON object of {@code service.json} in the order they are put, in
 * the forms the original writes: durations as Go strings, one-entry multiaddress lists as a plain
 * string, maps sorted by key (as Go's encoding/json sorts them).
 */
final class SectionWriter {
  private final ObjectNode node;

  private SectionWriter(ObjectNode node) {
    this.node = node;
  }

  static SectionWriter create() {
    return new SectionWriter(JsonNodeFactory.instance.objectNode());
  }

  /** A writer of a new object at {@code key} in {@code parent}. */
  static SectionWriter under(ObjectNode parent, String key) {
    return new SectionWriter(parent.putObject(key));
  }

  ObjectNode node() {
    return node;
  }

  /** Starts a nested object under {@code key}. */
  SectionWriter object(String key) {
    return new SectionWriter(node.putObject(key));
  }

  SectionWriter put(String key, String value) {
    node.put(key, value);
    return this;
  }

  SectionWriter put(String key, boolean value) {
    node.put(key, value);
    return this;
  }

  SectionWriter put(String key, int value) {
    node.put(key, value);
    return this;
  }

  SectionWriter put(String key, long value) {
    node.put(key, value);
    return this;
  }

  SectionWriter put(String key, double value) {
    node.put(key, value);
    return this;
  }

  SectionWriter put(String key, Duration value) {
    node.put(key, GoDuration.format(value));
    return this;
  }

  SectionWriter put(String key, List<String> values) {
    ArrayNode array = node.putArray(key);
    values.forEach(array::add);
    return this;
  }

  /** A multiaddress list: a plain string when it holds exactly one entry. */
  SectionWriter putMultiaddrs(String key, List<String> values) {
    return values.size() == 1 ? put(key, values.get(0)) : put(key, values);
  }

  SectionWriter putStringMap(String key, Map<String, String> values) {
    ObjectNode object = node.putObject(key);
    new TreeMap<>(values).forEach(object::put);
    return this;
  }

  SectionWriter putListMap(String key, Map<String, List<String>> values) {
    ObjectNode object = node.putObject(key);
    new TreeMap<>(values).forEach((k, v) -> v.forEach(object.putArray(k)::add));
    return this;
  }

  SectionWriter putNull(String key) {
    node.putNull(key);
    return this;
  }
}
