package io.ipfscluster.peer;

import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.state.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running cluster peer, built from its configuration folder: the one place where components are
 * created and wired. Components start in dependency order and close in reverse.
 *
 * <p>Today a peer loads its configuration and identity and opens its datastore and pinset; the
 * consensus, pin tracker, IPFS connector and APIs join here as they are built.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class ClusterPeer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("cluster");

  private final ServiceConfig config;
  private final Identity identity;
  private final PeerStorage storage;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ClusterPeer(ServiceConfig config, Identity identity, PeerStorage storage) {
    this.config = config;
    this.identity = identity;
    this.storage = storage;
  }

  /**
   * Starts the peer of the configuration folder {@code configDir}, with {@code env} overriding the
   * files (pass {@code System.getenv()}).
   */
  public static ClusterPeer start(Path configDir, Map<String, String> env) throws IOException {
    Path identityFile = configDir.resolve(IdentityFile.NAME);
    if (IdentityFile.migrateLegacy(configDir.resolve(ServiceConfig.FILE_NAME), identityFile)) {
      log.info("moved the legacy identity of service.json to {}", identityFile);
    }
    ServiceConfig config = ServiceConfig.load(configDir, env);
    Identity identity = IdentityFile.load(identityFile, env);
    PeerStorage storage = PeerStorage.open(config.datastore(), configDir);
    ClusterPeer peer = new ClusterPeer(config, identity, storage);
    log.info(
        "{} peer {} ({}) started: {} consensus, datastore {}",
        peer.id().shortString(),
        peer.id(),
        config.cluster().peername(),
        config.consensus().key(),
        config.datastore().folder(configDir));
    return peer;
  }

  public PeerId id() {
    return identity.peerId();
  }

  public ServiceConfig config() {
    return config;
  }

  public State state() {
    return storage.state();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      storage.close();
      log.info("{} peer stopped", id().shortString());
    }
  }
}
