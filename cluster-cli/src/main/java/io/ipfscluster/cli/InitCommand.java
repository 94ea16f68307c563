package io.ipfscluster.cli;

import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.PeerstoreFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code init}: writes {@code service.json} (defaults, then the environment), creates {@code
 * identity.json} when there is none, and always writes the {@code peerstore}.
 */
@Command(
    name = "init",
    description = "Creates a configuration and generates an identity",
    usageHelpWidth = 100)
final class InitCommand implements Callable<Integer> {
  @ParentCommand ServiceMain service;

  @Parameters(
      arity = "0..1",
      paramLabel = "source-url",
      description = "fetch the configuration from this URL at every start instead")
  String sourceUrl;

  @Option(
      names = "--consensus",
      paramLabel = "crdt|raft",
      defaultValue = "crdt",
      description = "the consensus component to configure (default: ${DEFAULT-VALUE})")
  String consensus;

  @Option(
      names = "--datastore",
      paramLabel = "name",
      defaultValue = "rocksdb",
      description =
          "the datastore backend: rocksdb (the originals' pebble, badger, badger3 and leveldb are"
              + " accepted and replaced by rocksdb)")
  String datastore;

  @Option(
      names = {"-s", "--custom-secret"},
      description = "prompt for the cluster secret instead of generating one")
  boolean customSecret;

  @Option(
      names = "--peers",
      split = ",",
      paramLabel = "multiaddr",
      description =
          "comma-separated multiaddrs (with /p2p/) of the cluster's peers: written to the"
              + " peerstore, trusted (crdt) or the initial peerset (raft)")
  List<String> peers = List.of();

  @Option(
      names = {"-f", "--force"},
      description = "overwrite an existing configuration without asking")
  boolean force;

  @Option(names = "--randomports", description = "configure random free ports to listen on")
  boolean randomPorts;

  @Override
  public Integer call() throws IOException {
    if (!consensus.equals("crdt") && !consensus.equals("raft")) {
      throw new CliException("--consensus must be crdt or raft, got \"" + consensus + "\"");
    }
    if (!List.of("rocksdb", "pebble", "badger", "badger3", "leveldb").contains(datastore)) {
      throw new CliException("--datastore must be rocksdb, got \"" + datastore + "\"");
    }
    if (!datastore.equals("rocksdb")) {
      System.err.println(
          "note: the " + datastore + " datastore is not available here; rocksdb is used instead");
    }
    List<Multiaddr> peerAddrs = parsePeers();
    Path dir = service.configDir();
    Path configFile = dir.resolve(ServiceConfig.FILE_NAME);
    try (ClusterLock lock = ClusterLock.acquire(dir)) {
      if (Files.exists(configFile)
          && !(force || service.force)
          && !Prompt.yesNo(
              configFile + " already exists. Overwrite it with a new default configuration?",
              System.out)) {
        System.out.println("Nothing done.");
        return 0;
      }
      Path identityFile = dir.resolve(IdentityFile.NAME);
      if (IdentityFile.migrateLegacy(configFile, identityFile)) {
        System.out.println("identity of the old configuration moved to " + identityFile);
      }
      writeConfig(configFile, peerAddrs);
      writeIdentityIfMissing(identityFile);
      writePeerstore(dir.resolve("peerstore"), peerAddrs);
    }
    return 0;
  }

  private List<Multiaddr> parsePeers() {
    List<Multiaddr> out = new ArrayList<>();
    for (String p : peers) {
      Multiaddr addr;
      try {
        addr = Multiaddr.parse(p.trim());
      } catch (IllegalArgumentException e) {
        throw new CliException("error parsing --peers: " + e.getMessage());
      }
      if (addr.peerId().isEmpty()) {
        throw new CliException(
            "error parsing --peers: multiaddress does not contain peer ID: " + p);
      }
      out.add(addr);
    }
    return out;
  }

  private void writeConfig(Path configFile, List<Multiaddr> peerAddrs) throws IOException {
    ServiceConfig cfg = ServiceConfig.defaults(consensus).withEnvironment(initEnvironment());
    List<String> peerIds =
        peerAddrs.stream()
            .map(a -> a.peerId().map(PeerId::toString).orElseThrow())
            .distinct()
            .toList();
    cfg = cfg.withInitialPeers(peerIds);
    if (sourceUrl != null) {
      cfg = cfg.withSource(sourceUrl);
    }
    cfg.write(configFile);
    System.out.println("configuration written to " + configFile + ".");
  }

  /** The process environment, plus the answers to --custom-secret and --randomports. */
  private Map<String, String> initEnvironment() throws IOException {
    Map<String, String> env = new HashMap<>(service.env);
    if (customSecret) {
      String secret =
          Prompt.line("Enter cluster secret (32-byte hex string, empty for none): ", System.out);
      if (secret == null) {
        throw new CliException("no secret given on standard input");
      }
      env.put("CLUSTER_SECRET", secret.trim());
    }
    if (randomPorts) {
      env.put("CLUSTER_LISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/" + freePort());
      env.put("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePort());
      env.put("CLUSTER_PINSVCAPI_HTTPLISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePort());
      env.put("CLUSTER_IPFSPROXY_LISTENMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePort());
      // The embedded IPFS node listens where the connector looks for a node.
      env.put("CLUSTER_IPFSHTTP_NODEMULTIADDRESS", "/ip4/127.0.0.1/tcp/" + freePort());
    }
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void writeIdentityIfMissing(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    IdentityFile.write(file, Identity.generate());
    System.out.println("new identity written to " + file);
  }

  private static void writePeerstore(Path file, List<Multiaddr> addrs) throws IOException {
    PeerstoreFile.write(file, addrs);
    if (addrs.isEmpty()) {
      System.out.println("new empty peerstore written to " + file + ".");
    } else {
      System.out.println("peerstore written to " + file + " with " + addrs.size() + " entries.");
    }
  }
}
