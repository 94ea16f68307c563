package io.ipfscluster.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the JSON tree of {@code service.json} to a {@link ServiceConfig} and back. Sections are
 * written in the original's order and the components inside a section sorted by key, as Go's
 * encoding/json writes a map; the {@code state} section and unknown components (such as the legacy
 * {@code monitor.monbasic}) are ignored.
 */
final class ServiceConfigJson {
  private static final Logger log = LoggerFactory.getLogger(ServiceConfigJson.class);

  private ServiceConfigJson() {}

  static ServiceConfig fromTree(JsonNode root, Map<String, String> env, Path configDir) {
    Sections s = new Sections(root, env);
    ClusterConfig cluster =
        ClusterConfig.read(
            SectionReader.of(root.get("cluster"), ClusterConfig.PATH, "CLUSTER", env));
    RocksDbConfig datastore = s.required("datastore", RocksDbConfig.KEY, RocksDbConfig::read);
    for (String legacy : RocksDbConfig.LEGACY_KEYS) {
      if (s.present("datastore", legacy)) {
        log.warn(
            "datastore.{} is not supported by this implementation; RocksDB is used instead at"
                + " folder {}",
            legacy,
            datastore.folder(configDir));
      }
    }
    return new ServiceConfig(
        Optional.empty(),
        cluster,
        consensus(s),
        s.optional("api", HttpApiConfig.RESTAPI, r -> HttpApiConfig.read(HttpApiConfig.RESTAPI, r)),
        s.optional(
            "api", HttpApiConfig.PINSVCAPI, r -> HttpApiConfig.read(HttpApiConfig.PINSVCAPI, r)),
        s.optional("api", IpfsProxyConfig.KEY, IpfsProxyConfig::read),
        s.required("ipfs_connector", IpfsHttpConfig.KEY, IpfsHttpConfig::read),
        s.optional("ipfs_connector", EmbeddedIpfsConfig.KEY, EmbeddedIpfsConfig::read),
        s.required("pin_tracker", StatelessTrackerConfig.KEY, StatelessTrackerConfig::read),
        s.required("monitor", PubSubMonitorConfig.KEY, PubSubMonitorConfig::read),
        s.optional("allocator", BalancedAllocatorConfig.KEY, BalancedAllocatorConfig::read),
        s.optional("informer", DiskInformerConfig.KEY, DiskInformerConfig::read),
        s.optional("informer", TagsInformerConfig.KEY, TagsInformerConfig::read),
        s.optional("informer", PinQueueInformerConfig.KEY, PinQueueInformerConfig::read),
        s.optional("informer", NumPinInformerConfig.KEY, NumPinInformerConfig::read),
        s.required("observations", MetricsConfig.KEY, MetricsConfig::read),
        s.required("observations", TracingConfig.KEY, TracingConfig::read),
        datastore);
  }

  private static ConsensusConfig consensus(Sections s) {
    boolean crdt = s.present("consensus", CrdtConfig.KEY);
    boolean raft = s.present("consensus", RaftConfig.KEY);
    if (crdt && raft) {
      throw ConfigException.invalid(
          "consensus", "only one of consensus.crdt and consensus.raft may be present", null);
    }
    if (crdt) {
      return s.required("consensus", CrdtConfig.KEY, CrdtConfig::read);
    }
    if (raft) {
      return s.required("consensus", RaftConfig.KEY, RaftConfig::read);
    }
    throw ConfigException.invalid(
        "consensus", "one of consensus.crdt or consensus.raft must be present", null);
  }

  /** The top-level sections, each an object mapping component keys to their objects. */
  private record Sections(JsonNode root, Map<String, String> env) {
    private JsonNode section(String name) {
      JsonNode section = root.get(name);
      if (section == null || section.isNull()) {
        return null;
      }
      if (!section.isObject()) {
        throw ConfigException.invalid(name, "must be a JSON object", section);
      }
      return section;
    }

    boolean present(String name, String key) {
      JsonNode section = section(name);
      return section != null && section.hasNonNull(key);
    }

    /** A component that always exists: its defaults and the environment apply when absent. */
    <T> T required(String name, String key, Function<SectionReader, T> read) {
      JsonNode section = section(name);
      JsonNode json = section == null ? null : section.get(key);
      String path = name + "." + key;
      return read.apply(SectionReader.of(json, path, "CLUSTER_" + SectionReader.envName(key), env));
    }

    /** A component that exists only when its section is in the file. */
    <T> Optional<T> optional(String name, String key, Function<SectionReader, T> read) {
      return present(name, key) ? Optional.of(required(name, key, read)) : Optional.empty();
    }
  }

  static ObjectNode toTree(ServiceConfig c, boolean withSource) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (withSource && c.source().isPresent()) {
      root.put("source", c.source().get());
      return root;
    }
    c.cluster().write(SectionWriter.under(root, "cluster"));
    Writer w = new Writer(root);
    switch (c.consensus()) {
      case CrdtConfig crdt -> w.component("consensus", CrdtConfig.KEY, crdt::write);
      case RaftConfig raft -> w.component("consensus", RaftConfig.KEY, raft::write);
    }
    // Components inside a section in key order, as Go writes a map.
    c.ipfsProxy().ifPresent(p -> w.component("api", IpfsProxyConfig.KEY, p::write));
    c.pinSvcApi().ifPresent(a -> w.component("api", HttpApiConfig.PINSVCAPI, a::write));
    c.restApi().ifPresent(a -> w.component("api", HttpApiConfig.RESTAPI, a::write));
    w.component("ipfs_connector", IpfsHttpConfig.KEY, c.ipfsHttp()::write);
    c.embeddedIpfs()
        .ifPresent(e -> w.component("ipfs_connector", EmbeddedIpfsConfig.KEY, e::write));
    w.component("pin_tracker", StatelessTrackerConfig.KEY, c.statelessTracker()::write);
    w.component("monitor", PubSubMonitorConfig.KEY, c.pubSubMonitor()::write);
    c.balancedAllocator()
        .ifPresent(a -> w.component("allocator", BalancedAllocatorConfig.KEY, a::write));
    c.diskInformer().ifPresent(i -> w.component("informer", DiskInformerConfig.KEY, i::write));
    c.numPinInformer().ifPresent(i -> w.component("informer", NumPinInformerConfig.KEY, i::write));
    c.pinQueueInformer()
        .ifPresent(i -> w.component("informer", PinQueueInformerConfig.KEY, i::write));
    c.tagsInformer().ifPresent(i -> w.component("informer", TagsInformerConfig.KEY, i::write));
    w.component("observations", MetricsConfig.KEY, c.metrics()::write);
    w.component("observations", TracingConfig.KEY, c.tracing()::write);
    w.component("datastore", RocksDbConfig.KEY, c.datastore()::write);
    return root;
  }

  /** Adds components under their sections, creating a section on its first component. */
  private record Writer(ObjectNode root) {
    void component(String section, String key, Consumer<SectionWriter> write) {
      ObjectNode sectionNode =
          root.has(section) ? (ObjectNode) root.get(section) : root.putObject(section);
      write.accept(SectionWriter.under(sectionNode, key));
    }
  }
}
