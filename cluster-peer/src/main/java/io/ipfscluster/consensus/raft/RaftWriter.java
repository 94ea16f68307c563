package io.ipfscluster.consensus.raft;

import io.ipfscluster.components.ClusterException;
import io.ipfscluster.config.RaftConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of one peer to its Raft group, through Ratis clients that find the leader and follow its
 * redirections: log entries, retried {@code commit_retries} times {@code commit_retry_delay} apart
 * and complete once applied on this peer, and configuration changes. The client is built over the
 * current members and rebuilt when they change; a peer that knows no member fails at once ({@value
 * RaftConsensus#NOT_A_MEMBER}). Thread-safe; {@link #close()} closes every client it built.
 */
final class RaftWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RaftWriter.class);

  private final RaftConfig config;
  private final Parameters transport;
  private final RaftServer.Division division;
  private final PinStateMachine machine;
  private final MemberTrustManager trust;
  private final String logId;
  private final Object clientLock = new Object();
  private final List<RaftClient> clients = new ArrayList<>();
  private RaftClient client;
  private Set<String> clientPeers = Set.of();

  RaftWriter(
      RaftConfig config,
      Parameters transport,
      RaftServer.Division division,
      PinStateMachine machine,
      MemberTrustManager trust,
      String logId) {
    this.config = config;
    this.transport = transport;
    this.division = division;
    this.machine = machine;
    this.trust = trust;
    this.logId = logId;
  }

  /** A client over the current members, rebuilt when they change. */
  private RaftClient client() {
    Collection<RaftPeer> peers = division.getRaftConf().getCurrentPeers();
    if (peers.isEmpty()) {
      throw new ClusterException(ClusterException.Kind.FAILED, RaftConsensus.NOT_A_MEMBER);
    }
    Set<String> key = new LinkedHashSet<>();
    peers.forEach(p -> key.add(p.getId() + "@" + p.getAddress()));
    synchronized (clientLock) {
      if (client == null || !key.equals(clientPeers)) {
        // The old client may still be in use by another thread: close it on shutdown only.
        client =
            RaftClient.newBuilder()
                .setProperties(RaftSettings.client(config))
                .setParameters(transport)
                .setRaftGroup(RaftGroup.valueOf(RaftConsensus.GROUP_ID, peers))
                .setLeaderId(division.getInfo().getLeaderId())
                .setRetryPolicy(RaftSettings.retryPolicy(config))
                .build();
        clients.add(client);
        clientPeers = key;
      }
      return client;
    }
  }

  /** Commits one entry for the batcher, retrying {@code commit_retries} times. */
  CompletableFuture<Void> commit(LogEntry entry) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry.encode()));
    return send(message, 0, null, System.nanoTime());
  }

  private CompletableFuture<Void> send(
      Message message, int attempt, Throwable last, long startedNanos) {
    if (attempt > config.commitRetries()) {
      return CompletableFuture.failedFuture(commitFailure(last, startedNanos));
    }
    Executor start =
        attempt == 0
            ? Runnable::run
            : CompletableFuture.delayedExecutor(
                config.commitRetryDelay().toMillis(), TimeUnit.MILLISECONDS);
    if (attempt > 0) {
      log.debug("{} retrying a Raft commit ({}/{})", logId, attempt, config.commitRetries());
    }
    return CompletableFuture.supplyAsync(() -> sendOnce(message), start)
        .thenCompose(reply -> reply)
        .handle(
            (reply, error) -> {
              if (error == null && reply.isSuccess()) {
                return applied(reply.getLogIndex());
              }
              Throwable cause = error != null ? unwrap(error) : reply.getException();
              return send(message, attempt + 1, cause, startedNanos);
            })
        .thenCompose(next -> next);
  }

  private CompletableFuture<RaftClientReply> sendOnce(Message message) {
    RaftClient c = client();
    return c.async()
        .send(message)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                retireIfBroken(c, error);
              }
            });
  }

  /**
   * Replaces {@code used} when its ordered request stream has failed: once a request exhausts the
   * retry policy (no leader within {@code wait_for_leader_timeout}), Ratis closes the client's
   * sliding window for good, and every later request through it would fail at once.
   */
  private void retireIfBroken(RaftClient used, Throwable error) {
    boolean broken = false;
    for (Throwable t = error; t != null && !broken; t = t.getCause()) {
      broken = t instanceof AlreadyClosedException || t instanceof RaftRetryFailureException;
    }
    if (!broken) {
      return;
    }
    synchronized (clientLock) {
      if (client != used) {
        return;
      }
      client = null;
      clients.remove(used);
    }
    log.debug("{} Raft client replaced after: {}", logId, error.toString());
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                used.close();
              } catch (IOException e) {
                log.debug("{} closing a Raft client: {}", logId, e.toString());
              }
            });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private ClusterException commitFailure(Throwable last, long startedNanos) {
    return new ClusterException(
        ClusterException.Kind.FAILED,
        "Raft commit failed after "
            + (config.commitRetries() + 1)
            + " attempts (consensus.raft.wait_for_leader_timeout is "
            + config.waitForLeaderTimeout()
            + "): "
            + (last == null ? "unknown error" : last.getMessage())
            + trust.refusalsSince(startedNanos).map(r -> "; " + r).orElse(""),
        last);
  }

  /**
   * Completes once the committed entry {@code index} is applied here (read-your-writes), or after
   * {@code network_timeout}: the entry is committed either way.
   */
  private CompletableFuture<Void> applied(long index) {
    return machine
        .whenApplied(index)
        .completeOnTimeout(null, config.networkTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs a Ratis configuration change through the leader.
   *
   * @throws ClusterException FAILED naming {@code what} if it is not committed
   */
  void setConfiguration(SetConfigurationRequest.Arguments args, String what) {
    long started = System.nanoTime();
    Exception failure;
    try {
      RaftClientReply reply = client().admin().setConfiguration(args);
      if (reply.isSuccess()) {
        return;
      }
      failure = reply.getException();
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    throw new ClusterException(
        ClusterException.Kind.FAILED,
        "raft cannot "
            + what
            + ": "
            + (gaveUp(failure)
                ? "not committed within consensus.raft.wait_for_leader_timeout ("
                    + config.waitForLeaderTimeout()
                    + "; is a majority of the peers up?): "
                : "")
            + (failure == null ? "unknown error" : failure.getMessage())
            + trust.refusalsSince(started).map(r -> "; " + r).orElse(""),
        failure);
  }

  /**
   * Whether {@code failure} is the Ratis client giving up after its retries (no leader took it).
   */
  private static boolean gaveUp(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RaftRetryFailureException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    synchronized (clientLock) {
      for (RaftClient c : clients) {
        try {
          c.close();
        } catch (IOException e) {
          log.debug("{} closing a Raft client: {}", logId, e.toString());
        }
      }
    }
  }
}
