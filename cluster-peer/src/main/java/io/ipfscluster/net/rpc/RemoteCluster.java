package io.ipfscluster.net.rpc;

import io.grpc.Channel;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.ClusterGrpc;
import io.ipfscluster.net.rpc.wire.Empty;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code Cluster} methods of another peer that peers call on each other: {@code ID}, {@code
 * Version}, {@code Peers}, {@code PeerAdd}. Not a {@link io.ipfscluster.components.Cluster}: the
 * rest of that interface is closed to remote callers. Failures are {@link RemoteCallException}s.
 *
 * <p>Thread-safe.
 */
public final class RemoteCluster {
  private final PeerId peer;
  private final ClusterGrpc.ClusterBlockingStub stub;
  private final Duration callTimeout;

  public RemoteCluster(Channel channel, PeerId peer, Duration callTimeout) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.stub = ClusterGrpc.newBlockingStub(channel);
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  private ClusterGrpc.ClusterBlockingStub timed() {
    return stub.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The peer's identity, addresses and IPFS node. */
  public PeerInfo id() {
    return Values.fromJson(
        RemoteCalls.unary(peer, () -> timed().iD(Empty.getDefaultInstance())), PeerInfo.class);
  }

  /** The peer's version. */
  public VersionInfo version() {
    return Values.fromJson(
        RemoteCalls.unary(peer, () -> timed().version(Empty.getDefaultInstance())),
        VersionInfo.class);
  }

  /**
   * Asks the peer to add this one (the caller) to its consensus peerset, as a joining peer does;
   * returns this peer's ID as the other sees it.
   */
  public PeerInfo peerAdd() {
    return Values.fromJson(
        RemoteCalls.unary(peer, () -> timed().peerAdd(Empty.getDefaultInstance())), PeerInfo.class);
  }

  /** The peers the remote peer sees. Close the stream. */
  public Stream<PeerInfo> peers() {
    return RemoteCalls.stream(
        peer,
        () -> stub.peers(Empty.getDefaultInstance()),
        m -> Values.fromJson(m, PeerInfo.class));
  }

  /**
   * Re-queues the remote peer's failed operations and streams what moved, in CID byte order. No
   * deadline of its own, as the original's global recover. Close the stream.
   */
  public Stream<PinInfo> recoverAllLocal() {
    return RemoteCalls.stream(
        peer, () -> stub.recoverAllLocal(Empty.getDefaultInstance()), PinTrackerService::pinInfo);
  }

  /**
   * Garbage-collects the remote peer's IPFS node. No deadline: a collection takes as long as the
   * node needs, as in the original.
   */
  public RepoGc repoGcLocal() {
    return Values.fromJson(
        RemoteCalls.unary(peer, () -> stub.repoGCLocal(Empty.getDefaultInstance())), RepoGc.class);
  }
}
