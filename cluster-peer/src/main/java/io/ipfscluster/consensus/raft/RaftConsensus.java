package io.ipfscluster.consensus.raft;

import io.ipfscluster.api.Pin;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.Consensus;
import io.ipfscluster.components.PinsetView;
import io.ipfscluster.config.RaftConfig;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.tls.PeerTls;
import io.ipfscluster.state.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft {@link Consensus} (spec §8.8, design §5) on Apache Ratis: the pinset is the state
 * machine of a Ratis group whose members are the cluster peers, named by peer ID.
 *
 * <p><b>Writes.</b> {@link #logPin} and {@link #logUnpin} queue an operation; one thread writes
 * everything queued as one log entry (group commit) through a Ratis client, which finds the leader
 * and follows its redirections, so any peer accepts writes. A call returns once its entry is
 * committed by a majority and applied on this peer (read-your-writes on every peer).
 *
 * <p><b>Hooks.</b> Every peer applies each committed entry to its {@code DatastoreState} (in the
 * Raft namespace of its datastore) and calls the put hook for each pin that changed (with the pin
 * it replaced) and the delete hook for each CID that left the pinset, in log order, on a hook
 * thread of its own (Ratis's apply thread only updates the state; a bounded queue between them). A
 * write returns once its entry's hooks have run on the peer that made it. Hooks must not call
 * {@code logPin} or {@code logUnpin}; a slow hook delays later hooks and, once the queue is full,
 * the applies.
 *
 * <p><b>Disk.</b> Ratis keeps its log, metadata and snapshots (state exports) under the {@code
 * data_folder} ({@code <config>/raft/} by default). See {@code PinStateMachine} for snapshots and
 * restarts, and {@code RaftSettings} for how the {@code consensus.raft} keys map onto Ratis.
 *
 * <p><b>Membership.</b> A new Raft folder is bootstrapped with {@code init_peerset} plus this peer
 * as voters, unless the peer is {@linkplain Builder#staging staging} (it starts with no peers and
 * waits to be added); an existing folder keeps the peer set it recorded. {@link #addPeer} and
 * {@link #removePeer} are Ratis configuration changes. Every peer is trusted.
 *
 * <p><b>Transport.</b> All Raft traffic is mutual TLS 1.3 on the peer's {@link PeerTls} material,
 * plus a group membership check ({@code RaftTls}, {@code MemberTrustManager}).
 *
 * <p>Thread-safe. {@code close()} is idempotent and does not close the datastore.
 */
public final class RaftConsensus implements Consensus {
  /*
   * Why Ratis's own client for redirection: a RaftClient sent to any member learns the leader from
   * NotLeaderException and retries there, with our retry policy bounding the wait for a leader
   * (wait_for_leader_timeout). The original forwarded over its own RPC instead; the effect for a
   * caller is the same, and Raft traffic stays on one transport.
   */
  private static final Logger log = LoggerFactory.getLogger(RaftConsensus.class);

  /** The one Raft group of a cluster. */
  static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(
          UUID.nameUUIDFromBytes("ipfs-cluster raft".getBytes(StandardCharsets.UTF_8)));

  /** The original's error of {@link #leader()} when no leader is known. */
  static final String NO_LEADER = "leader unknown or not existing yet";

  /** The original's error when the last peer tries to remove itself. */
  static final String LAST_PEER = "cannot remove ourselves from a 1-peer cluster";

  /** The error of a write on a peer that knows no Raft member (staging, not added yet). */
  static final String NOT_A_MEMBER =
      "this peer is not a member of the Raft cluster yet (it has not been added to a Raft group)";

  private final RaftConfig config;
  private final PeerId self;
  private final String logId;
  private final PeerAddresses addresses;
  private final MemberTrustManager trust;
  private final Parameters transport;
  private final PinStateMachine machine;
  private final RaftServer server;
  private final RaftServer.Division division;
  private final EntryBatcher batcher;
  private final RaftWriter writer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RaftConsensus(Builder b) {
    this.config = b.config;
    this.self = b.identity.peerId();
    this.logId = self.shortString();
    this.addresses = b.addresses;
    Path folder = b.config.dataFolder(b.configDir);
    boolean fresh = !Files.isDirectory(folder.resolve(GROUP_ID.getUuid().toString()));
    this.machine =
        new PinStateMachine(
            b.datastore.namespace(KeySpace.RAFT.prefixBytes()),
            fresh,
            b.onPut,
            b.onDelete,
            Thread.ofPlatform().daemon().name("raft-hooks-" + logId).factory(),
            logId);
    List<RaftPeer> initial = new ArrayList<>();
    if (!b.staging) {
      Set<PeerId> members = new LinkedHashSet<>();
      b.config.initPeerset().forEach(p -> members.add(PeerId.parse(p)));
      members.add(self);
      members.forEach(p -> initial.add(raftPeer(p)));
    }
    String selfAddress = address(self);
    int port = Integer.parseInt(selfAddress.substring(selfAddress.lastIndexOf(':') + 1));
    RaftProperties properties = RaftSettings.server(b.config, folder, port);
    if (b.bindHost != null) {
      GrpcConfigKeys.Server.setHost(properties, b.bindHost);
    }
    b.tweak.accept(properties);
    RaftMembers members = new RaftMembers(initial);
    this.trust = new MemberTrustManager(logId, b.tls.trustManager(), members);
    this.transport = RaftTls.parameters(b.tls, trust);
    b.transportTweak.accept(transport);
    try {
      Files.createDirectories(folder);
      this.server =
          RaftServer.newBuilder()
              .setServerId(RaftPeerId.valueOf(self.toString()))
              .setGroup(RaftGroup.valueOf(GROUP_ID, initial))
              .setProperties(properties)
              .setParameters(transport)
              .setStateMachine(machine)
              .setOption(
                  fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
              .build();
      members.attach(server);
      server.start();
      this.division = server.getDivision(GROUP_ID);
    } catch (IOException e) {
      throw new ClusterException(
          ClusterException.Kind.FAILED,
          "cannot start the Raft server of " + logId + " in " + folder + ": " + e.getMessage(),
          e);
    }
    this.writer = new RaftWriter(config, transport, division, machine, trust, logId);
    this.batcher = new EntryBatcher(writer::commit, b.threads, logId);
    log.info(
        "{} Raft consensus started on port {} in {}: {}",
        logId,
        port,
        folder,
        fresh
            ? (b.staging
                ? "staging, waiting to be added"
                : "bootstrapped with " + initial.size() + " voters")
            : "existing Raft state found, init_peerset ignored");
  }

  /**
   * Starts building the Raft consensus of the peer {@code identity}: the pinset lives in the Raft
   * key space of {@code datastore}, Ratis's files under {@code config.dataFolder(configDir)}.
   */
  public static Builder builder(
      Datastore datastore, Identity identity, RaftConfig config, Path configDir) {
    return new Builder(datastore, identity, config, configDir);
  }

  /**
   * The pinset as a stopped Raft peer left it in {@code datastore} (every entry it applied), for
   * {@code state export} and {@code state cleanup}. Writing to it does not change the Raft log.
   */
  public static State storedState(Datastore datastore) {
    return PinStateMachine.storedState(datastore.namespace(KeySpace.RAFT.prefixBytes()));
  }

  /** Options of a {@link RaftConsensus}. Not thread-safe; build once. */
  public static final class Builder {
    private final Datastore datastore;
    private final Identity identity;
    private final RaftConfig config;
    private final Path configDir;
    private BiConsumer<Pin, Pin> onPut = (pin, replaced) -> {};
    private Consumer<Cid> onDelete = cid -> {};
    private PeerAddresses addresses;
    private PeerTls tls;
    private boolean staging;
    private String bindHost;
    private ThreadFactory threads;
    private Consumer<RaftProperties> tweak = p -> {};
    private Consumer<Parameters> transportTweak = p -> {};

    private Builder(Datastore datastore, Identity identity, RaftConfig config, Path configDir) {
      this.datastore = Objects.requireNonNull(datastore, "datastore");
      this.identity = Objects.requireNonNull(identity, "identity");
      this.config = Objects.requireNonNull(config, "config");
      this.configDir = Objects.requireNonNull(configDir, "configDir");
      this.threads =
          Thread.ofPlatform()
              .daemon()
              .name("raft-commit-" + identity.peerId().shortString())
              .factory();
    }

    /** The put and delete hooks: usually {@code tracker::track} and {@code tracker::untrack}. */
    public Builder hooks(Consumer<Pin> onPut, Consumer<Cid> onDelete) {
      Objects.requireNonNull(onPut, "onPut");
      return changeHooks((pin, replaced) -> onPut.accept(pin), onDelete);
    }

    /**
     * As {@link #hooks}, the put hook also getting the pin that the new one replaced, or null when
     * the CID was not in the pinset: usually {@code tracker::track(pin, replaced)}, which then
     * skips the IPFS call for a pin never allocated here.
     */
    public Builder changeHooks(BiConsumer<Pin, Pin> onPut, Consumer<Cid> onDelete) {
      this.onPut = Objects.requireNonNull(onPut, "onPut");
      this.onDelete = Objects.requireNonNull(onDelete, "onDelete");
      return this;
    }

    /** Where the Raft endpoints of this peer and the others listen (required). */
    public Builder addresses(PeerAddresses addresses) {
      this.addresses = Objects.requireNonNull(addresses, "addresses");
      return this;
    }

    /**
     * The TLS material of this peer (required): the same as the peer network's, so the same cluster
     * secret admits a peer to both.
     */
    public Builder tls(PeerTls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Starts a new Raft folder with no peers, to be added to an existing cluster (the original's
     * staging peer of {@code --bootstrap}); {@code init_peerset} is ignored.
     */
    public Builder staging(boolean staging) {
      this.staging = staging;
      return this;
    }

    /**
     * The interface the Raft server listens on, as an IP literal ({@code 0.0.0.0} for all, the
     * default); the port is that of this peer's own {@linkplain #addresses address}.
     */
    public Builder bindHost(String host) {
      this.bindHost = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Makes the group-commit thread (default: a daemon platform thread). */
    public Builder threads(ThreadFactory threads) {
      this.threads = Objects.requireNonNull(threads, "threads");
      return this;
    }

    /**
     * Adjusts Ratis settings that {@code consensus.raft} does not cover, after the mapping of
     * {@code RaftSettings} (tests use it for small log segments, so that purges happen).
     */
    Builder ratisProperties(Consumer<RaftProperties> tweak) {
      this.tweak = Objects.requireNonNull(tweak, "tweak");
      return this;
    }

    /**
     * Adjusts the Ratis transport parameters after the TLS set-up of {@code RaftTls} (tests use it
     * to add a gRPC interceptor that cuts the traffic between two sides of a partition).
     */
    Builder ratisParameters(Consumer<Parameters> tweak) {
      this.transportTweak = Objects.requireNonNull(tweak, "tweak");
      return this;
    }

    /**
     * Starts the Ratis server and the group-commit thread.
     *
     * @throws ClusterException FAILED if the server cannot start
     * @throws IllegalStateException if no addresses or TLS material were given, the TLS material is
     *     another peer's, or this peer has no address
     */
    public RaftConsensus build() {
      if (addresses == null) {
        throw new IllegalStateException("RaftConsensus.Builder.addresses(...) is required");
      }
      if (tls == null) {
        throw new IllegalStateException("RaftConsensus.Builder.tls(...) is required");
      }
      if (!tls.peerId().equals(identity.peerId())) {
        throw new IllegalStateException(
            "the TLS material is of " + tls.peerId() + ", not of " + identity.peerId());
      }
      return new RaftConsensus(this);
    }
  }

  private String address(PeerId peer) {
    return addresses
        .raftAddress(peer)
        .orElseThrow(
            () ->
                new ClusterException(
                    ClusterException.Kind.FAILED, "no Raft address known for peer " + peer));
  }

  private RaftPeer raftPeer(PeerId peer) {
    return RaftPeer.newBuilder()
        .setId(RaftPeerId.valueOf(peer.toString()))
        .setAddress(address(peer))
        .build();
  }

  @Override
  public boolean awaitReady(Duration timeout) {
    try {
      waitForSync(timeout);
      return true;
    } catch (ClusterException e) {
      log.debug("{} Raft consensus not ready: {}", logId, e.getMessage());
      return false;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws ClusterException FAILED if no leader commits it within {@code wait_for_leader_timeout}
   *     after {@code commit_retries} retries, or the consensus is closing; at once if this peer
   *     knows no Raft member yet ({@value #NOT_A_MEMBER})
   */
  @Override
  public void logPin(Pin pin) {
    checkMember();
    await(batcher.submit(LogEntry.Op.pin(pin)));
  }

  /** {@inheritDoc} Removing a CID that is not pinned changes nothing. */
  @Override
  public void logUnpin(Pin pin) {
    checkMember();
    await(batcher.submit(LogEntry.Op.unpin(pin.cid())));
  }

  /** Fails at once on a closed peer or one that knows no member ({@value #NOT_A_MEMBER}). */
  private void checkMember() {
    checkOpen();
    if (division.getRaftConf().getCurrentPeers().isEmpty()) {
      throw new ClusterException(ClusterException.Kind.FAILED, NOT_A_MEMBER);
    }
  }

  private static void await(CompletableFuture<Void> done) {
    try {
      done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Adds {@code peer} as a voter (a Ratis configuration change, run by the leader); does nothing if
   * it is a member already.
   *
   * @throws ClusterException FAILED if the change is not committed (no leader, or the new peer does
   *     not catch up)
   */
  @Override
  public void addPeer(PeerId peer) {
    checkOpen();
    if (peers().contains(peer)) {
      log.info("{} {} is already a raft peer", logId, peer);
      return;
    }
    writer.setConfiguration(
        SetConfigurationRequest.Arguments.newBuilder()
            .setServersInNewConf(List.of(raftPeer(peer)))
            .setMode(SetConfigurationRequest.Mode.ADD)
            .build(),
        "add " + peer);
    log.info("{} peer added to Raft: {}", logId, peer);
  }

  /**
   * Removes {@code peer} from the voters; does nothing if it is not a member.
   *
   * @throws ClusterException FAILED if it is the only member ({@value #LAST_PEER}) or the change is
   *     not committed
   */
  @Override
  public void removePeer(PeerId peer) {
    checkOpen();
    Collection<RaftPeer> current = division.getRaftConf().getCurrentPeers();
    String id = peer.toString();
    if (current.stream().noneMatch(p -> p.getId().toString().equals(id))) {
      log.info("{} {} is not among raft peers", logId, peer);
      return;
    }
    if (current.size() == 1) {
      throw new ClusterException(ClusterException.Kind.FAILED, LAST_PEER);
    }
    List<RaftPeer> remaining =
        current.stream().filter(p -> !p.getId().toString().equals(id)).toList();
    writer.setConfiguration(
        SetConfigurationRequest.Arguments.newBuilder().setServersInNewConf(remaining).build(),
        "remove " + peer);
    log.info("{} peer removed from Raft: {}", logId, peer);
  }

  @Override
  public PinsetView state() {
    return machine.state();
  }

  /**
   * The current leader, as this peer knows it.
   *
   * @throws ClusterException FAILED if no leader is known ({@value #NO_LEADER})
   */
  @Override
  public PeerId leader() {
    RaftPeerId leader = division.getInfo().getLeaderId();
    if (leader == null) {
      throw new ClusterException(ClusterException.Kind.FAILED, NO_LEADER);
    }
    return PeerId.parse(leader.toString());
  }

  /**
   * Waits until a leader is known, this peer is a voter, and it has applied every entry it knows to
   * be committed (spec §8.8).
   *
   * @throws ClusterException FAILED naming the step that did not finish within {@code timeout}
   */
  @Override
  public void waitForSync(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    waitUntil(() -> division.getInfo().getLeaderId() != null, deadline, "a Raft leader");
    waitUntil(() -> peers().contains(self), deadline, "this peer to be a Raft voter");
    waitUntil(
        () -> machine.appliedIndex() >= lastLogIndex(), deadline, "the Raft state to catch up");
  }

  /** The index of the last entry in this peer's log, committed or not (hashicorp's LastIndex). */
  private long lastLogIndex() {
    TermIndex last = division.getRaftLog().getLastEntryTermIndex();
    return last == null ? -1 : last.getIndex();
  }

  private void waitUntil(BooleanSupplier condition, long deadline, String what) {
    try {
      while (!condition.getAsBoolean()) {
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ClusterException(
              ClusterException.Kind.FAILED, logId + " timed out waiting for " + what);
        }
        // Events wake the wait; the bound covers changes Ratis does not report to the machine.
        machine.awaitProgress(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException(
          ClusterException.Kind.FAILED, "interrupted while waiting for " + what, e);
    }
  }

  /**
   * The committed voters, sorted: during a membership change still the old ones, until the
   * configuration with the new ones is committed (a change that never commits leaves them as they
   * were, also on a leader that appended it without a majority).
   */
  @Override
  public List<PeerId> peers() {
    RaftConfiguration conf = division.getRaftConf();
    if (conf.getLogEntryIndex() > division.getRaftLog().getLastCommittedIndex()) {
      // Not committed (as far as this peer knows): the last configuration applied here, if any.
      Optional<PinStateMachine.CommittedConf> committed = machine.committedConf();
      if (committed.isPresent() && committed.get().index() < conf.getLogEntryIndex()) {
        PinStateMachine.CommittedConf c = committed.get();
        return (c.old().isEmpty() ? c.peers() : c.old())
            .stream().map(PeerId::parse).sorted().toList();
      }
    }
    Collection<RaftPeer> old = conf.getPreviousPeers();
    return sorted(old.isEmpty() ? conf.getCurrentPeers() : old);
  }

  private static List<PeerId> voters(RaftConfiguration conf) {
    return sorted(conf.getCurrentPeers());
  }

  private static List<PeerId> sorted(Collection<RaftPeer> peers) {
    return peers.stream().map(p -> PeerId.parse(p.getId().toString())).sorted().toList();
  }

  /** The current Raft configuration, committed or not. */
  public RaftVoters voters() {
    RaftConfiguration conf = division.getRaftConf();
    return new RaftVoters(voters(conf), conf.getLogEntryIndex());
  }

  /** The current Raft configuration once it is committed and applied here; empty before. */
  public Optional<RaftVoters> committedVoters() {
    RaftVoters current = voters();
    return current.index() <= machine.appliedIndex() ? Optional.of(current) : Optional.empty();
  }

  /** True: in Raft every member may write (spec §8.8). */
  @Override
  public boolean isTrustedPeer(PeerId peer) {
    return true;
  }

  /** Does nothing: in Raft every member is trusted. */
  @Override
  public void trust(PeerId peer) {}

  /** Does nothing: in Raft every member is trusted. */
  @Override
  public void distrust(PeerId peer) {}

  private void checkOpen() {
    if (closed.get()) {
      throw new ClusterException(
          ClusterException.Kind.FAILED, "the Raft consensus of " + logId + " is closed");
    }
  }

  /**
   * Commits the queued operations, then stops the Ratis server, which takes a snapshot first.
   * Idempotent; the datastore stays open.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    batcher.close();
    writer.close();
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the Raft server of " + logId, e);
    }
    log.info("{} Raft consensus stopped", logId);
  }

  /** The index of the last Raft log entry applied here, for monitoring and benchmarks. */
  public long appliedIndex() {
    return machine.appliedIndex();
  }

  /** The state machine, for tests in this package. */
  PinStateMachine machine() {
    return machine;
  }

  /** This peer's Ratis division, for tests in this package. */
  RaftServer.Division division() {
    return division;
  }
}
