package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.components.Block;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.IPFSConnectorGrpc;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The methods of another peer's IPFS connector: {@code BlockStream} (write the blocks of a DAG to
 * that peer's node), {@code BlockGet}, {@code BlockGetLocal}, {@code SwarmPeers} and {@code
 * RepoStat}. Failures are {@link RemoteCallException}s, or {@link
 * io.ipfscluster.components.IpfsException}s when the remote node failed.
 *
 * <p>Thread-safe.
 */
public final class RemoteIpfsBlocks {
  private final PeerId peer;
  private final Channel channel;
  private final Duration callTimeout;

  public RemoteIpfsBlocks(Channel channel, PeerId peer, Duration callTimeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  /** The block {@code cid} from the peer's node. */
  public byte[] blockGet(Cid cid) {
    return RemoteCalls.unary(
            peer,
            () ->
                IPFSConnectorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .blockGet(Values.cid(cid)))
        .getData()
        .toByteArray();
  }

  /** The peers the remote peer's IPFS node is connected to. */
  public List<PeerId> swarmPeers() {
    return RemoteCalls.unary(
            peer,
            () ->
                IPFSConnectorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .swarmPeers(Empty.getDefaultInstance()))
        .getPeersList()
        .stream()
        .map(b -> PeerId.fromBytes(b.toByteArray()))
        .toList();
  }

  /** The repo/stat of the remote peer's IPFS node. */
  public IpfsRepoStat repoStat() {
    return Values.fromJson(
        RemoteCalls.unary(
            peer,
            () ->
                IPFSConnectorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .repoStat(Empty.getDefaultInstance())),
        IpfsRepoStat.class);
  }

  /**
   * The block {@code cid} if the peer's node stores it.
   *
   * @throws RemoteCallException with {@code NOT_FOUND} when it does not
   */
  public byte[] blockGetLocal(Cid cid) {
    return RemoteCalls.unary(
            peer,
            () ->
                IPFSConnectorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .blockGetLocal(Values.cid(cid)))
        .getData()
        .toByteArray();
  }

  /**
   * Sends {@code blocks} to the peer's node in one stream, as fast as the peer reads them, and
   * waits until the node has them all. No deadline of its own: the caller's, if any, applies.
   */
  public void blockStream(Iterator<Block> blocks) {
    Sender sender = new Sender();
    IPFSConnectorGrpc.newStub(channel).blockStream(sender);
    try {
      while (blocks.hasNext()) {
        Block b = blocks.next();
        sender.awaitReady();
        sender.requests.onNext(
            io.ipfscluster.net.rpc.wire.Block.newBuilder()
                .setCid(ByteString.copyFrom(b.cid().toBytes()))
                .setData(ByteString.copyFrom(b.data()))
                .build());
      }
      sender.requests.onCompleted();
      sender.done.get();
    } catch (InterruptedException e) {
      sender.requests.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new RemoteCallException(
          peer, io.grpc.Status.Code.CANCELLED, "interrupted while streaming blocks", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw RpcErrors.fromStatus(peer, s);
      }
      throw new IllegalStateException(e.getCause());
    } catch (RuntimeException e) {
      sender.requests.cancel("the block source failed", e);
      throw e;
    }
  }

  /** Tracks the call's readiness for more blocks and its outcome. */
  private static final class Sender implements ClientResponseObserver<Object, Empty> {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    ClientCallStreamObserver<io.ipfscluster.net.rpc.wire.Block> requests;

    @Override
    @SuppressWarnings("unchecked")
    public void beforeStart(ClientCallStreamObserver<Object> stream) {
      requests = (ClientCallStreamObserver<io.ipfscluster.net.rpc.wire.Block>) (Object) stream;
      stream.setOnReadyHandler(this::signal);
    }

    void awaitReady() throws InterruptedException, ExecutionException {
      lock.lock();
      try {
        while (!requests.isReady() && !done.isDone()) {
          ready.await(100, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
      if (done.isDone()) {
        done.get(); // the call ended early: throws its failure
      }
    }

    private void signal() {
      lock.lock();
      try {
        ready.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onNext(Empty value) {}

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
      signal();
    }

    @Override
    public void onCompleted() {
      done.complete(null);
      signal();
    }
  }
}
