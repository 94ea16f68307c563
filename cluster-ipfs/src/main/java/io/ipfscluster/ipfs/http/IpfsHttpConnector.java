package io.ipfscluster.ipfs.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.PeerId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IpfsConnector} that speaks kubo's RPC API over HTTP (spec §5): to kubo, to the
 * embedded node, or to any kubo-compatible daemon such as js-ipfs.
 *
 * <p>Every call is a {@code POST /api/v0/<command>} with the original's parameters, limited by
 * {@code ipfs_request_timeout} unless it has its own limit: a pin is cancelled when its {@code
 * Progress} stalls for {@code pin_timeout}, an unpin has {@code unpin_timeout}, a GC {@code
 * repogc_timeout}. Errors carry the original's texts. After more than ten calls in a row get no
 * answer at all, calls go out at most once a second until one is answered.
 *
 * <p>Deviations from the original, on purpose: {@link #pinLs} lists every requested type (the
 * original stops after the first); a node without {@code pin/update} (HTTP 404, as js-ipfs) gets
 * {@code pin/add} instead; a node that stores one block per {@code block/put} request (js-ipfs)
 * gets one block per request, once its answer to a multi-block request has shown it; timeouts of
 * zero mean "no limit".
 *
 * <p>Thread-safe. Blocking calls run on the caller's thread (a virtual thread is ideal); the
 * connector's own background work is one virtual thread for readiness and swarm connection, and one
 * timer thread.
 */
public final class IpfsHttpConnector implements IpfsConnector {
  private static final Logger log = LoggerFactory.getLogger(IpfsHttpConnector.class);
  private static final int MAX_ORIGINS = 10;
  private static final Duration READY_POLL = Duration.ofSeconds(1);
  private static final String NOT_PINNED = "not pinned or pinned indirectly"; // kubo's ErrNotPinned

  private final IpfsHttpSettings settings;
  private final PeerHooks hooks;
  private final String logId;
  private final NodeClient client;
  private final ScheduledExecutorService timer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CompletableFuture<Void> readiness = new CompletableFuture<>();
  private final InformerTrigger informers;
  private final AtomicBoolean noPinUpdate = new AtomicBoolean();
  private final BlockPut.Batching batching = new BlockPut.Batching();
  private final Thread background;

  /**
   * A connector that does not poll for readiness nor connect swarms until {@link
   * #startBackground()}; calls work at once.
   *
   * @param tls the TLS settings for HTTPS nodes, or null for the JDK's trusted certificates
   */
  IpfsHttpConnector(IpfsHttpSettings settings, PeerHooks hooks, SslContextFactory.Client tls) {
    this.settings = settings;
    this.hooks = hooks;
    this.logId = hooks.logId();
    this.informers =
        new InformerTrigger(
            settings.informerTriggerInterval(), hooks, "ipfs-http-metrics-" + logId);
    this.client =
        new NodeClient(NodeEndpoint.of(settings.nodeAddress(), settings.https()), logId, tls);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("ipfs-http-timer-" + logId).factory());
    this.background = Thread.ofVirtual().name("ipfs-http-ready-" + logId).unstarted(this::run);
  }

  /**
   * Creates a connector and starts polling the node's {@code id} every second until it answers
   * ({@link #ready()}); {@code connect_swarms_delay} later it connects the node to {@link
   * PeerHooks#clusterIpfsAddresses()}.
   *
   * @throws IllegalArgumentException if the settings name an address this connector cannot dial
   */
  public static IpfsHttpConnector start(IpfsHttpSettings settings, PeerHooks hooks) {
    IpfsHttpConnector c = new IpfsHttpConnector(settings, hooks, null);
    c.startBackground();
    return c;
  }

  /** Starts the readiness poll, then the delayed swarm connect. */
  void startBackground() {
    background.start();
  }

  /** The settings this connector runs with. */
  public IpfsHttpSettings settings() {
    return settings;
  }

  @Override
  public boolean ready() {
    return readiness.isDone();
  }

  /** Waits up to {@code timeout} for {@link #ready()}; returns whether the node is ready. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    try {
      readiness.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("readiness never fails", e);
    }
  }

  private void run() {
    for (int attempt = 1; !isClosed(); attempt++) {
      try {
        IpfsInfo info = id();
        log.info("{} IPFS node {} at {} is ready", logId, info.id(), client.endpoint());
        readiness.complete(null);
        break;
      } catch (IpfsException e) {
        if (attempt % 10 == 0) {
          log.warn(
              "{} ipfs does not seem to be available after {} retries: {}",
              logId,
              attempt,
              e.getMessage());
        }
      }
      if (sleep(READY_POLL)) {
        return;
      }
    }
    Duration delay = settings.connectSwarmsDelay();
    if (isClosed() || delay.isZero() || sleep(delay)) {
      return;
    }
    try {
      connectSwarms(hooks.clusterIpfsAddresses().get());
    } catch (RuntimeException e) {
      log.warn("{} connecting the IPFS swarm failed: {}", logId, e.toString());
    }
  }

  /** Waits, or less if the connector closes; returns whether it closed. */
  private boolean sleep(Duration d) {
    try {
      return closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return true;
    }
  }

  /** Whether calls are throttled to 1 per second because the node keeps failing. */
  boolean throttling() {
    return client.throttling();
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private CallLimit requestLimit() {
    return CallLimit.total("ipfs_request_timeout", settings.requestTimeout());
  }

  @Override
  public IpfsInfo id() {
    JsonNode res;
    try (Exchange ex = client.send("id", requestLimit())) {
      res = ex.json();
    }
    PeerId id;
    try {
      id = PeerId.parse(res.path("ID").asText(""));
    } catch (MultiformatException e) {
      throw new IpfsException("IPFS error (id): the node's ID is invalid: " + e.getMessage(), e);
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (JsonNode a : res.path("Addresses")) {
      try {
        addrs.add(Multiaddr.parse(a.asText()));
      } catch (MultiformatException e) {
        log.warn(
            "{} cannot parse IPFS multiaddress: {} ({})... ignoring", logId, a, e.getMessage());
      }
    }
    return new IpfsInfo(id, addrs, "");
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
    List<Exchange> originCalls = connectOrigins(pin.options().origins());
    try {
      Cid from = pin.options().pinUpdate();
      if (from != null && !noPinUpdate.get() && pinnedRecursively(from) && pinUpdate(from, cid)) {
        return;
      }
      pinWithProgress(cid, depth);
      log.info("{} IPFS Pin request succeeded: {}", logId, cid);
    } finally {
      originCalls.forEach(Exchange::close); // the original cancels them when the pin returns
      informers.count(); // at the end, for the free space metric
    }
  }

  private List<Exchange> connectOrigins(List<Multiaddr> origins) {
    if (origins.isEmpty() || client.throttling()) {
      return List.of();
    }
    List<Exchange> calls = new ArrayList<>();
    for (Multiaddr o : origins.subList(0, Math.min(MAX_ORIGINS, origins.size()))) {
      log.debug("{} swarm-connect to origin before pinning: {}", logId, o);
      calls.add(client.send("swarm/connect?arg=" + escape(o.toString()), requestLimit()));
    }
    return calls;
  }

  private static String pinArgs(int maxDepth) {
    if (maxDepth < 0) {
      return "recursive=true";
    }
    return maxDepth == 0 ? "recursive=false" : "max-depth=" + maxDepth + "&recursive=true";
  }

  private void pinWithProgress(Cid cid, int depth) {
    String path = "pin/add?arg=" + cid + "&" + pinArgs(depth) + "&progress=true";
    Exchange ex = client.send(path, CallLimit.none("pin_timeout"));
    Duration limit = settings.pinTimeout();
    try (ex;
        ProgressWatch watch =
            ProgressWatch.start(timer, limit, System::nanoTime, () -> ex.abort(stalled(path)))) {
      for (Iterator<JsonNode> lines = ex.lines(); lines.hasNext(); ) {
        watch.progress(lines.next().path("Progress").asLong(0));
      }
    }
  }

  private IpfsTimeoutException stalled(String path) {
    CallLimit limit = CallLimit.total("pin_timeout", settings.pinTimeout());
    return new IpfsTimeoutException(
        "IPFS pin made no progress for "
            + io.ipfscluster.api.GoDuration.format(limit.duration())
            + " ("
            + path
            + "): the node cannot fetch the content; raise "
            + limit.path()
            + " if it is just slow",
        limit.path(),
        limit.duration(),
        null);
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

  /** Runs {@code pin/update}; false if the node has no such command (js-ipfs answers 404). */
  private boolean pinUpdate(Cid from, Cid to) {
    String path = "pin/update?arg=" + from + "&arg=" + to + "&unpin=false";
    try (Exchange ex = client.send(path, requestLimit())) {
      ex.bytes();
    } catch (NodeErrorException e) {
      if (e.status() != 404) {
        throw e;
      }
      if (noPinUpdate.compareAndSet(false, true)) {
        log.info(
            "{} the IPFS node has no pin/update ({}): pinning updates with pin/add",
            logId,
            e.getMessage());
      }
      return false;
    }
    log.info("{} IPFS Pin Update request succeeded. {} -> {} (unpin=false)", logId, from, to);
    return true;
  }

  @Override
  public void unpin(Cid cid) {
    if (settings.unpinDisable()) {
      throw new IpfsException("ipfs unpinning is disallowed by configuration on this peer");
    }
    String path = "pin/rm?arg=" + cid;
    try (Exchange ex =
        client.send(path, CallLimit.total("unpin_timeout", settings.unpinTimeout()))) {
      ex.bytes();
    } catch (NodeErrorException e) {
      if (isNotPinned(e.nodeMessage())) {
        log.debug("{} IPFS object is already unpinned: {}", logId, cid);
        return;
      }
      throw e;
    }
    log.info("{} IPFS Unpin request succeeded: {}", logId, cid);
  }

  /**
   * Whether a {@code pin/rm} error means there was nothing to unpin: kubo says exactly {@value
   * #NOT_PINNED}; js-ipfs says {@code … is not pinned} or {@code … is pinned indirectly under …}.
   */
  static boolean isNotPinned(String message) {
    return message.equals(NOT_PINNED)
        || message.endsWith("not pinned")
        || message.contains("pinned indirectly");
  }

  @Override
  public IpfsPinStatus pinLsCid(Pin pin) {
    String type = pin.maxDepth() == 0 ? "direct" : "recursive";
    String path = "pin/ls?stream=true&arg=" + pin.cid() + "&type=" + type;
    try (Exchange ex = client.send(path, requestLimit())) {
      Iterator<JsonNode> lines = ex.lines();
      if (!lines.hasNext()) {
        throw new IpfsException("IPFS error (" + path + "): the answer is empty");
      }
      JsonNode line = lines.next();
      JsonNode keys = line.get("Keys"); // a node that ignores stream=true
      if (keys != null && keys.isObject() && keys.size() > 0) {
        line = keys.elements().next();
      }
      return IpfsPinStatus.parse(line.path("Type").asText(null));
    } catch (NodeErrorException e) {
      if (e.nodeMessage().endsWith("not pinned")) {
        return IpfsPinStatus.UNPINNED;
      }
      throw e;
    }
  }

  @Override
  public Stream<IpfsPinInfo> pinLs(Set<String> types) {
    return new PinListing(client, requestLimit(), types).stream();
  }

  @Override
  public void connectSwarms(List<Multiaddr> addrs) {
    for (Multiaddr addr : addrs) {
      if (isClosed()) {
        return;
      }
      // Best effort, as in the original: errors are expected when some addresses are stale.
      try (Exchange ex =
          client.send("swarm/connect?arg=" + escape(addr.toString()), requestLimit())) {
        ex.bytes();
        log.debug("{} ipfs successfully connected to {}", logId, addr);
      } catch (IpfsException e) {
        log.debug("{} ipfs swarm connect to {} failed: {}", logId, addr, e.getMessage());
      }
    }
  }

  @Override
  public List<PeerId> swarmPeers() {
    JsonNode res;
    try (Exchange ex = client.send("swarm/peers", requestLimit())) {
      res = ex.json();
    }
    List<PeerId> peers = new ArrayList<>();
    for (JsonNode p : res.path("Peers")) {
      String id = p.path("Peer").asText("");
      try {
        peers.add(PeerId.parse(id));
      } catch (MultiformatException e) {
        throw new IpfsException("IPFS error (swarm/peers): invalid peer ID " + id, e);
      }
    }
    return peers;
  }

  @Override
  public Object configKey(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("cannot lookup without a path");
    }
    JsonNode node;
    try (Exchange ex = client.send("config/show", requestLimit())) {
      node = ex.json();
    }
    String[] keys = path.split("/");
    for (int i = 0; i < keys.length; i++) {
      if (!node.isObject()) {
        throw new IpfsException("invalid path: " + path);
      }
      node = node.get(keys[i]);
      if (node == null) {
        throw new IpfsException("key not found in configuration: " + path);
      }
    }
    return NodeClient.JSON.convertValue(node, Object.class);
  }

  @Override
  public IpfsRepoStat repoStat() {
    JsonNode res;
    try (Exchange ex = client.send("repo/stat?size-only=true", requestLimit())) {
      res = ex.json();
    }
    return new IpfsRepoStat(
        unsigned(res.path("RepoSize"), "RepoSize"), unsigned(res.path("StorageMax"), "StorageMax"));
  }

  /** A kubo number, or the string js-ipfs writes instead; above 2^63-1 reads as 2^63-1. */
  private static long unsigned(JsonNode n, String field) {
    String text = n.isMissingNode() || n.isNull() ? "0" : n.asText();
    try {
      long v = Long.parseUnsignedLong(text);
      return v < 0 ? Long.MAX_VALUE : v;
    } catch (NumberFormatException e) {
      throw new IpfsException(
          "IPFS error (repo/stat?size-only=true): " + field + " is not a number: " + n, e);
    }
  }

  @Override
  public RepoGc repoGc() {
    String path = "repo/gc?stream-errors=true";
    List<RepoGcKey> keys = new ArrayList<>();
    try (Exchange ex =
        client.send(path, CallLimit.total("repogc_timeout", settings.repoGcTimeout()))) {
      for (Iterator<JsonNode> lines = ex.lines(); lines.hasNext(); ) {
        JsonNode line = lines.next();
        String error = line.path("Error").asText("");
        String key = line.path("Key").path("/").asText("");
        Cid cid = null;
        if (!key.isEmpty()) {
          try {
            cid = Cid.parse(key);
          } catch (MultiformatException e) {
            error = error.isEmpty() ? "invalid key " + key : error;
          }
        }
        if (cid != null || !error.isEmpty()) {
          keys.add(new RepoGcKey(cid, error));
        }
      }
    } finally {
      informers.count(); // free space may have grown
    }
    return new RepoGc(null, "", keys, "");
  }

  @Override
  public Cid resolve(String path) {
    String p = path.startsWith("/") ? path : "/ipfs/" + path;
    String[] segments = p.substring(1).split("/", -1);
    boolean immutable = segments[0].equals("ipfs") || segments[0].equals("ipld");
    if (immutable && (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty()))) {
      return parseCid(segments[1], "could not parse path " + path); // no need to resolve
    }
    String call = "resolve?arg=" + escape(p);
    JsonNode res;
    try (Exchange ex = client.send(call, requestLimit())) {
      res = ex.json();
    }
    String resolved = res.path("Path").asText("");
    String[] out = resolved.startsWith("/") ? resolved.substring(1).split("/") : new String[0];
    if (out.length < 2 || !(out[0].equals("ipfs") || out[0].equals("ipld"))) {
      throw new IpfsException(
          "IPFS error (" + call + "): resolved path is not an /ipfs/ path: " + resolved);
    }
    // js-ipfs writes a CIDv0 root as zQm…, which parses as the same CIDv0 (multibase base58btc)
    return parseCid(out[1], "IPFS error (" + call + "): invalid path in response " + resolved);
  }

  private static Cid parseCid(String text, String context) {
    try {
      // js-ipfs writes CIDv0 with a stray multibase prefix ("zQm…") in some answers.
      if (text.length() == 47 && text.startsWith("zQm")) {
        text = text.substring(1);
      }
      return Cid.parse(text);
    } catch (MultiformatException e) {
      throw new IpfsException(context + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void blockStream(Iterator<Block> blocks) {
    try {
      long n =
          new BlockPut(
                  client,
                  CallLimit.idle("ipfs_request_timeout", settings.requestTimeout()),
                  batching)
              .putAll(blocks);
      log.debug("{} streamed {} blocks to IPFS", logId, n);
    } finally {
      informers.count(); // free space went down
    }
  }

  @Override
  public byte[] blockGet(Cid cid) {
    try (Exchange ex = client.send("block/get?arg=" + cid, requestLimit())) {
      return ex.bytes();
    }
  }

  static String escape(String queryValue) {
    return URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    log.info("{} stopping IPFS Connector", logId);
    closed.countDown();
    background.interrupt();
    timer.shutdownNow();
    client.close();
  }
}
