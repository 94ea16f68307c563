package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * The Jackson mapper for the v1 JSON: CIDs, peer IDs and multiaddrs as strings, times as Go writes
 * them, pins through {@link PinJson}, map keys sorted (as Go sorts them), unknown fields ignored.
 *
 * <p>Thread-safe: the mapper is configured once and shared.
 */
public final class ClusterJson {
  private static final ObjectMapper MAPPER = build();

  private ClusterJson() {}

  /** The shared mapper. Do not reconfigure it; {@code copy()} it when another setup is needed. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The module with the serializers of the domain types, for mappers built elsewhere. */
  public static SimpleModule module() {
    SimpleModule m = new SimpleModule("ipfs-cluster-v1");
    text(m, Cid.class, Cid::toString, Cid::parse);
    m.addDeserializer(
        Cid.class,
        new JsonDeserializer<>() {
          @Override
          public Cid deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return JsonFields.readCid(p, fieldName(p, "cid"));
          }
        });
    text(m, PeerId.class, PeerId::toString, PeerId::parse);
    text(m, Multiaddr.class, Multiaddr::toString, Multiaddr::parse);
    text(m, Instant.class, GoTime::format, GoTime::parse);
    text(m, PinType.class, PinType::jsonName, PinType::ofName);
    text(m, PinMode.class, PinMode::jsonName, PinMode::ofName);
    m.addSerializer(
        Pin.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Pin pin, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            PinJson.write(g, pin);
          }
        });
    m.addDeserializer(
        Pin.class,
        new JsonDeserializer<>() {
          @Override
          public Pin deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return PinJson.read(p);
          }
        });
    return m;
  }

  /** Registers a type written as a JSON string. */
  public static <T> void text(
      SimpleModule m, Class<T> type, Function<T, String> format, Function<String, T> parse) {
    m.addSerializer(
        type,
        new JsonSerializer<>() {
          @Override
          public void serialize(T value, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeString(format.apply(value));
          }
        });
    m.addDeserializer(
        type,
        new JsonDeserializer<>() {
          @Override
          public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return JsonFields.parse(
                p, p.currentName() == null ? type.getSimpleName() : p.currentName(), parse);
          }
        });
  }

  private static String fieldName(JsonParser p, String fallback) throws IOException {
    return p.currentName() == null ? fallback : p.currentName();
  }

  private static ObjectMapper build() {
    return JsonMapper.builder()
        .addModule(module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();
  }
}
