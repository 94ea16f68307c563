package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinType;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * The Jackson mapper for the v1 JSON: CIDs, peer IDs and multiaddrs as strings, times as Go writes
 * them, enums by their JSON names, map keys sorted (as Go sorts them), unknown fields ignored.
 *
 * <p>Types whose shape needs per-field rules (flattened structs, {@code null} versus {@code []})
 * have hand-written streaming codecs ({@link PinJson}, {@link PinInfoJson}, {@link
 * GlobalPinInfoJson} and package-private ones for peers, metrics, the connect graph, repo GC and
 * bandwidth); the simple records carry Jackson annotations.
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
    text(m, TrackerStatus.class, TrackerStatus::jsonName, TrackerStatus::ofName);
    text(m, IpfsPinStatus.class, IpfsPinStatus::jsonName, IpfsPinStatus::parse);
    m.addKeySerializer(
        PeerId.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(PeerId id, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            g.writeFieldName(id.toString());
          }
        });
    m.addKeyDeserializer(
        PeerId.class,
        new KeyDeserializer() {
          @Override
          public Object deserializeKey(String key, DeserializationContext ctx) throws IOException {
            try {
              return PeerId.parse(key);
            } catch (IllegalArgumentException e) {
              throw JsonFields.invalid(ctx.getParser(), "map key", e.getMessage());
            }
          }
        });
    codec(m, Pin.class, PinJson::write, PinJson::read);
    codec(m, PinInfo.class, PinInfoJson::write, PinInfoJson::read);
    codec(m, PinInfoShort.class, PinInfoJson::writeShort, PinInfoJson::readShort);
    codec(m, GlobalPinInfo.class, GlobalPinInfoJson::write, GlobalPinInfoJson::read);
    codec(m, PeerInfo.class, PeerInfoJson::write, PeerInfoJson::read);
    codec(m, IpfsInfo.class, PeerInfoJson::writeIpfs, PeerInfoJson::readIpfs);
    codec(m, Metric.class, MetricJson::write, MetricJson::read);
    codec(m, Alert.class, MetricJson::writeAlert, MetricJson::readAlert);
    codec(m, Bandwidth.class, BandwidthJson::write, BandwidthJson::read);
    codec(m, ConnectGraph.class, ConnectGraphJson::write, ConnectGraphJson::read);
    codec(m, RepoGc.class, RepoGcJson::write, RepoGcJson::read);
    codec(m, RepoGcKey.class, RepoGcJson::writeKey, RepoGcJson::readKey);
    return m;
  }

  /** Writes one value with the streaming API. */
  private interface Writer<T> {
    void write(JsonGenerator g, T value) throws IOException;
  }

  /** Reads one value with the streaming API; the parser is at its first token. */
  private interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  /** Registers a type read and written by a hand-written streaming codec. */
  private static <T> void codec(SimpleModule m, Class<T> type, Writer<T> writer, Reader<T> reader) {
    m.addSerializer(
        type,
        new JsonSerializer<>() {
          @Override
          public void serialize(T value, JsonGenerator g, SerializerProvider sp)
              throws IOException {
            writer.write(g, value);
          }
        });
    m.addDeserializer(
        type,
        new JsonDeserializer<>() {
          @Override
          public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return reader.read(p);
          }
        });
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
    // Buffers are pooled for the whole JVM: the default pool is per thread, and the REST API and
    // clients run on virtual threads, one per request, which would allocate fresh buffers each
    // time.
    JsonFactory factory =
        JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
    return JsonMapper.builder(factory)
        .addModule(module())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();
  }
}
