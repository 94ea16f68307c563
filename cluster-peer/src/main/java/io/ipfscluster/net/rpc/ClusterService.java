package io.ipfscluster.net.rpc;

import io.grpc.stub.StreamObserver;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.net.rpc.wire.ClusterGrpc;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.Json;
import java.util.Objects;

/**
 * Serves the {@code Cluster.*} methods other peers call on this one (spec §1.4): so far {@code ID},
 * {@code Version}, {@code Peers} and {@code PeerAdd} (of the caller). {@link RemoteCluster} is its
 * other end. Thread-safe when the cluster is.
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final Cluster cluster;

  public ClusterService(Cluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  @Override
  public void iD(Empty request, StreamObserver<Json> out) {
    ServerCalls.unary(out, () -> Values.json(cluster.id()));
  }

  @Override
  public void version(Empty request, StreamObserver<Json> out) {
    ServerCalls.unary(out, () -> Values.json(cluster.version()));
  }

  @Override
  public void peers(Empty request, StreamObserver<Json> out) {
    ServerCalls.stream(out, cluster::peers, Values::json);
  }

  /** Adds the authenticated caller to the consensus peerset (a joining peer). */
  @Override
  public void peerAdd(Empty request, StreamObserver<Json> out) {
    ServerCalls.unary(
        out, () -> Values.json(cluster.peerAdd(PeerRpcServer.caller().orElseThrow())));
  }
}
