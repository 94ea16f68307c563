package io.ipfscluster.net;

import io.grpc.BindableService;
import io.ipfscluster.config.ConnectionManagerConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.net.gossip.GossipParams;
import io.ipfscluster.net.rpc.RpcLimits;
import io.ipfscluster.net.rpc.RpcPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts peer networks on loopback for a test, each with a fresh identity, the test's secret, no
 * configured peers and every peer trusted, and closes them after the test, last started first. A
 * JUnit extension: register it with {@code @RegisterExtension}. Used from the test's thread only.
 */
final class LoopbackNetworks implements BeforeEachCallback, AfterEachCallback {
  private final byte[] secret;
  private final List<PeerNetwork> started = new ArrayList<>();
  private Path dir;

  /** Networks that share {@code secret}, the cluster secret of their private network. */
  LoopbackNetworks(byte[] secret) {
    this.secret = secret.clone();
  }

  /** Starts a network whose peerstore file is named after {@code name}, serving no RPC service. */
  PeerNetwork start(String name) throws IOException {
    return start(name, List.of());
  }

  /**
   * Starts a network whose peerstore file is named after {@code name}, serving {@code services}.
   */
  PeerNetwork start(String name, List<BindableService> services) throws IOException {
    PeerNetwork n =
        PeerNetwork.start(
            new PeerNetwork.Settings(
                Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
                secret,
                List.of(),
                dir.resolve(name + ".peerstore"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                ConnectionManagerConfig.defaults(),
                RpcLimits.defaults(),
                AddressResolver.systemResolvers(),
                GossipParams.defaults()),
            Identity.generate(),
            RpcPolicy.defaults(),
            p -> true,
            services,
            InstantSource.system());
    started.add(n);
    return n;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("loopback-networks");
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      for (PeerNetwork n : started.reversed()) {
        n.close();
      }
    } finally {
      started.clear();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
