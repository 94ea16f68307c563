package io.ipfscluster.config;

/**
 * {@code observations.tracing}: distributed tracing, exported when {@code enable_tracing} is true
 * (or the daemon runs with {@code --tracing}), sampling the fraction {@code sampling_prob} of
 * traces. The key {@code jaeger_agent_endpoint} keeps the original's name.
 *
 * <p>Immutable and thread-safe. The constructor throws {@link ConfigException} for an invalid
 * endpoint, a probability outside [0, 1] or an empty service name.
 */
public record TracingConfig(
    boolean enableTracing, String jaegerAgentEndpoint, double samplingProb, String serviceName) {
  static final String KEY = "tracing";
  static final String PATH = "observations.tracing";

  public TracingConfig {
    Require.multiaddr(PATH + ".jaeger_agent_endpoint", jaegerAgentEndpoint);
    Require.that(
        samplingProb >= 0 && samplingProb <= 1,
        PATH + ".sampling_prob",
        "must be between 0 and 1",
        samplingProb);
    Require.notEmpty(PATH + ".service_name", serviceName);
  }

  /** Disabled; {@code /ip4/0.0.0.0/udp/6831}, sampling 0.3, service "cluster-daemon". */
  public static TracingConfig defaults() {
    return new TracingConfig(false, "/ip4/0.0.0.0/udp/6831", 0.3, "cluster-daemon");
  }

  static TracingConfig read(SectionReader r) {
    TracingConfig d = defaults();
    return new TracingConfig(
        r.bool("enable_tracing", d.enableTracing),
        r.string("jaeger_agent_endpoint", d.jaegerAgentEndpoint),
        r.number("sampling_prob", d.samplingProb),
        r.string("service_name", d.serviceName));
  }

  void write(SectionWriter w) {
    w.put("enable_tracing", enableTracing)
        .put("jaeger_agent_endpoint", jaegerAgentEndpoint)
        .put("sampling_prob", samplingProb)
        .put("service_name", serviceName);
  }
}
