package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.api.GoDuration;
import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.http.InformerTrigger;
import io.ipfscluster.ipfs.http.IpfsHttpSettings;
import io.ipfscluster.ipfs.http.PeerHooks;
import io.ipfscluster.ipfs.node.BlockImport;
import io.ipfscluster.ipfs.node.BlockSource;
import io.ipfscluster.ipfs.node.IpfsNode;
import io.ipfscluster.ipfs.node.NodeException;
import io.ipfscluster.ipfs.node.NotPinnedException;
import io.ipfscluster.ipfs.node.PinKind;
import io.ipfscluster.ipfs.node.PinListing;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.PeerId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IpfsConnector} of a peer that runs the embedded node in its own JVM: every call goes
 * straight to the {@link IpfsNode}, with no HTTP, no JSON and no second thread for a call that
 * needs only local data. The node's HTTP API stays served for the IPFS proxy and other tools.
 *
 * <p>It behaves as {@code IpfsHttpConnector} does against the same node, on purpose down to the
 * texts: a failure reads {@code IPFS error (<call>). Code: <status>. Message: <node message>} with
 * the call and status the HTTP answer would have had, so pin errors in the pin status are the same.
 * The limits of {@code ipfs_connector.ipfshttp} apply: a pin is cancelled when its block count
 * stalls for {@code pin_timeout}; a block read or path resolution that must fetch blocks from other
 * peers is cancelled after {@code ipfs_request_timeout}; GC after {@code repogc_timeout}. Swarm
 * connections to origins are skipped: the embedded node does not join the IPFS network (over HTTP,
 * it refuses them). Instead a pin's allocations and origins reach the node's block source as a
 * {@link BlockSource.Providers} hint, so the cluster peers that likely hold the blocks are asked
 * first.
 *
 * <p>Thread-safe. Calls run on the caller's thread (a pin too, watched by {@link PinCall}), except
 * those that may wait for the network or a long walk (a remote block, GC), which run on a virtual
 * thread the caller waits for; the connector takes no lock of its own. It does not close the node.
 */
public final class EmbeddedNodeConnector implements IpfsConnector {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedNodeConnector.class);
  private static final String REQUEST_TIMEOUT = "ipfs_request_timeout";

  private final IpfsNode node;
  private final IpfsHttpSettings settings;
  private final String logId;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final InformerTrigger informers;
  private final PinCall pinCalls;

  private EmbeddedNodeConnector(IpfsNode node, IpfsHttpSettings settings, PeerHooks hooks) {
    this.node = node;
    this.settings = settings;
    this.logId = hooks.logId();
    this.informers =
        new InformerTrigger(
            settings.informerTriggerInterval(), hooks, "ipfs-embedded-metrics-" + logId);
    this.pinCalls = new PinCall(logId);
  }

  /**
   * A connector to {@code node}, ready at once, with the limits of {@code settings} (its node
   * address is not used).
   */
  public static EmbeddedNodeConnector start(
      IpfsNode node, IpfsHttpSettings settings, PeerHooks hooks) {
    EmbeddedNodeConnector c = new EmbeddedNodeConnector(node, settings, hooks);
    log.info("{} IPFS node {} is ready (embedded, called in process)", c.logId, node.logPrefix());
    return c;
  }

  @Override
  public boolean ready() {
    return !closed.get();
  }

  @Override
  public IpfsInfo id() {
    checkOpen("id");
    // The HTTP API lists no addresses: the node does not join the IPFS network.
    return new IpfsInfo(node.identity().peerId(), List.of(), "");
  }

  @Override
  public void pin(Pin pin) {
    Cid cid = pin.cid();
    int depth = pin.maxDepth();
    if (pinLsCid(pin).satisfies(depth)) {
      log.debug("{} IPFS object is already pinned: {}", logId, cid);
      return;
    }
    informers.count(); // at the start, for the pin queue metric
    try {
      Cid from = pin.options().pinUpdate();
      if (from != null && pinnedRecursively(from)) {
        pinUpdate(from, cid);
        return;
      }
      // The call's path names it in errors only: built then, not for every pin.
      Supplier<String> path = () -> "pin/add?arg=" + cid + "&" + pinArgs(depth) + "&progress=true";
      checkOpen(path);
      BlockSource.Providers providers = providers(pin);
      pinCalls.run(
          path,
          settings.pinTimeout(),
          progress -> {
            // The node has no max-depth: a depth above 0 pins recursively, as over HTTP.
            if (depth == 0) {
              node.pins().pinDirect(cid, "", providers);
            } else {
              node.pins().pinRecursive(cid, "", progress, providers);
            }
          });
      log.info("{} IPFS Pin request succeeded: {}", logId, cid);
    } finally {
      informers.count(); // at the end, for the free space metric
    }
  }

  /**
   * Who likely holds the pin's blocks, for the block source: its allocations, and the IPFS nodes
   * named by the {@code /p2p/} part of its origins.
   */
  static BlockSource.Providers providers(Pin pin) {
    List<PeerId> origins =
        pin.options().origins().stream().flatMap(a -> a.peerId().stream()).distinct().toList();
    if (pin.allocations().isEmpty() && origins.isEmpty()) {
      return BlockSource.Providers.NONE;
    }
    return new BlockSource.Providers(pin.allocations(), origins);
  }

  private static String pinArgs(int maxDepth) {
    if (maxDepth < 0) {
      return "recursive=true";
    }
    return maxDepth == 0 ? "recursive=false" : "max-depth=" + maxDepth + "&recursive=true";
  }

  /** Whether {@code cid} is pinned recursively; an error counts as no, as in the original. */
  private boolean pinnedRecursively(Cid cid) {
    try {
      return pinLsCid(Pin.of(cid)) == IpfsPinStatus.RECURSIVE;
    } catch (IpfsException e) {
      log.debug("{} cannot tell how {} is pinned: {}", logId, cid, e.getMessage());
      return false;
    }
  }

  private void pinUpdate(Cid from, Cid to) {
    String path = "pin/update?arg=" + from + "&arg=" + to + "&unpin=false";
    checkOpen(path);
    Timed.call(
        path,
        REQUEST_TIMEOUT,
        settings.requestTimeout(),
        () -> {
          node.pins().update(from, to, false, new AtomicLong());
          return null;
        });
    log.info("{} IPFS Pin Update request succeeded. {} -> {} (unpin=false)", logId, from, to);
  }

  @Override
  public void unpin(Cid cid) {
    if (settings.unpinDisable()) {
      throw new IpfsException("ipfs unpinning is disallowed by configuration on this peer");
    }
    String path = "pin/rm?arg=" + cid;
    checkOpen(path);
    try {
      node.pins().unpin(cid, true);
    } catch (NotPinnedException e) {
      log.debug("{} IPFS object is already unpinned: {}", logId, cid);
      return;
    } catch (RuntimeException e) {
      throw Failures.of(path, e, false);
    }
    log.info("{} IPFS Unpin request succeeded: {}", logId, cid);
  }

  @Override
  public IpfsPinStatus pinLsCid(Pin pin) {
    boolean direct = pin.maxDepth() == 0;
    // The call's path names it in errors only: built then, not for every pin.
    Supplier<String> path =
        () -> "pin/ls?stream=true&arg=" + pin.cid() + "&type=" + (direct ? "direct" : "recursive");
    checkOpen(path);
    try {
      // Recursive and direct pins are looked up in the pin index; nothing is walked.
      PinListing found =
          node.pins().check(pin.cid(), EnumSet.of(direct ? PinKind.DIRECT : PinKind.RECURSIVE));
      return found == null ? IpfsPinStatus.UNPINNED : statusOf(found.kind());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path.get() + ")", e);
    } catch (RuntimeException e) {
      throw Failures.of(path.get(), e, false);
    }
  }

  static IpfsPinStatus statusOf(PinKind kind) {
    return switch (kind) {
      case RECURSIVE -> IpfsPinStatus.RECURSIVE;
      case DIRECT -> IpfsPinStatus.DIRECT;
      case INDIRECT -> IpfsPinStatus.INDIRECT;
    };
  }

  @Override
  public Stream<IpfsPinInfo> pinLs(Set<String> types) {
    checkOpen("pin/ls?stream=true");
    return PinStream.open(node.pins(), types, logId);
  }

  /** Does nothing: the embedded node does not join the IPFS network (over HTTP it refuses). */
  @Override
  public void connectSwarms(List<Multiaddr> addrs) {
    if (!addrs.isEmpty()) {
      log.debug("{} the embedded IPFS node joins no swarm: not connecting {}", logId, addrs);
    }
  }

  @Override
  public List<PeerId> swarmPeers() {
    checkOpen("swarm/peers");
    return List.of();
  }

  @Override
  public Object configKey(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("cannot lookup without a path");
    }
    checkOpen("config/show");
    Object value = InfoCommands.config(node);
    for (String key : path.split("/")) {
      if (!(value instanceof Map<?, ?> map)) {
        throw new IpfsException("invalid path: " + path);
      }
      value = map.get(key);
      if (value == null) {
        throw new IpfsException("key not found in configuration: " + path);
      }
    }
    return value;
  }

  @Override
  public IpfsRepoStat repoStat() {
    checkOpen("repo/stat?size-only=true");
    Blockstore.Usage usage = node.usage();
    return new IpfsRepoStat(usage.bytes(), usage.storageMax());
  }

  @Override
  public RepoGc repoGc() {
    String path = "repo/gc?stream-errors=true";
    checkOpen(path);
    List<RepoGcKey> keys = new ArrayList<>();
    try {
      Timed.call(
          path,
          "repogc_timeout",
          settings.repoGcTimeout(),
          () -> {
            // Over HTTP the answer has begun: a failure ends the stream with kubo's summary.
            try {
              node.collectGarbage(
                  key -> {
                    synchronized (keys) {
                      keys.add(key);
                    }
                  });
            } catch (NodeException e) {
              throw Failures.gcFailed(path, e);
            }
            return null;
          });
    } finally {
      informers.count(); // free space may have grown
    }
    synchronized (keys) {
      if (keys.stream().anyMatch(k -> !k.error().isEmpty())) {
        throw Failures.gcFailed(path, null);
      }
      return new RepoGc(null, "", List.copyOf(keys), "");
    }
  }

  @Override
  public Cid resolve(String path) {
    String p = path.startsWith("/") ? path : "/ipfs/" + path;
    String[] segments = p.substring(1).split("/", -1);
    boolean immutable = segments[0].equals("ipfs") || segments[0].equals("ipld");
    if (immutable && (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty()))) {
      try {
        return Cid.parse(segments[1]); // no need to resolve
      } catch (RuntimeException e) {
        throw new IpfsException("could not parse path " + path + ": " + e.getMessage(), e);
      }
    }
    String call = "resolve?arg=" + URLEncoder.encode(p, StandardCharsets.UTF_8);
    checkOpen(call);
    return Timed.call(
        call, REQUEST_TIMEOUT, settings.requestTimeout(), () -> PathResolver.resolve(node, p));
  }

  @Override
  public void blockStream(Iterator<Block> blocks) {
    if (!blocks.hasNext()) {
      return;
    }
    checkOpen("block/put");
    long n = 0;
    try (BlockImport im = node.beginImport()) {
      Block b = null;
      try {
        while (blocks.hasNext()) {
          b = blocks.next();
          Multicodec codec = Multicodec.ofCode(b.cid().codec()).orElse(null);
          if (codec != Multicodec.RAW
              && codec != Multicodec.DAG_PB
              && codec != Multicodec.DAG_CBOR) {
            throw KuboError.normal(
                "unsupported codec "
                    + (codec == null ? Long.toHexString(b.cid().codec()) : codec.specName())
                    + ": this node stores raw, dag-pb and dag-cbor blocks, whose links it can"
                    + " follow");
          }
          if (b.data().length > BlockCommands.HARD_BLOCK_LIMIT) {
            throw KuboError.normal(
                "block is over the "
                    + (BlockCommands.HARD_BLOCK_LIMIT >> 20)
                    + " MiB this node"
                    + " accepts");
          }
          BlockCommands.check(codec, b.data());
          im.put(b.cid(), b.data());
          n++;
        }
        im.commit();
      } catch (RuntimeException e) {
        throw Failures.of(putPath(b), e, false);
      }
      log.debug("{} stored {} blocks in IPFS", logId, n);
    } finally {
      informers.count(); // free space went down
    }
  }

  /** The {@code block/put} call the HTTP connector would have sent {@code block} in. */
  private static String putPath(Block block) {
    if (block == null) {
      return "block/put";
    }
    Cid cid = block.cid();
    String codec =
        Multicodec.ofCode(cid.codec())
            .map(Multicodec::specName)
            .orElse(Long.toHexString(cid.codec()));
    String mhType =
        cid.multihash()
            .function()
            .map(HashFunction::specName)
            .orElse(Long.toHexString(cid.multihash().code()));
    return "block/put?allow-big-block=true&cid-codec="
        + codec
        + "&mhlen="
        + cid.multihash().digestLength()
        + "&mhtype="
        + mhType
        + "&pin=false";
  }

  @Override
  public byte[] blockGet(Cid cid) {
    String path = "block/get?arg=" + cid;
    checkOpen(path);
    byte[] local = node.blockstore().get(cid.multihash());
    if (local != null) {
      return local;
    }
    // Fetching from other peers may wait: not on the caller's thread, no lock of ours held.
    return Timed.call(path, REQUEST_TIMEOUT, settings.requestTimeout(), () -> node.getBlock(cid));
  }

  private void checkOpen(Supplier<String> path) {
    if (closed.get()) {
      checkOpen(path.get());
    }
  }

  private void checkOpen(String path) {
    if (closed.get()) {
      throw new IpfsException("IPFS request not sent (" + path + "): the connector is closed");
    }
  }

  /** Stops answering calls (the node stays open: the peer closes it). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      log.info("{} stopping IPFS Connector", logId);
      pinCalls.close();
    }
  }

  static IpfsTimeoutException timedOut(String path, String setting, Duration limit) {
    String settingPath = IpfsHttpSettings.SECTION + "." + setting;
    return new IpfsTimeoutException(
        "IPFS request timed out after "
            + GoDuration.format(limit)
            + " ("
            + path
            + "); raise "
            + settingPath
            + " if the node is just slow",
        settingPath,
        limit,
        null);
  }
}
