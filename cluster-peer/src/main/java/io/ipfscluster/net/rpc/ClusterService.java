package io.ipfscluster.net.rpc;

import io.grpc.stub.StreamObserver;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.PinInfo;
import io.ipfscluster.api.PinInfoShort;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Cluster;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.ClusterGrpc;
import io.ipfscluster.net.rpc.wire.Empty;
import io.ipfscluster.net.rpc.wire.Json;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the {@code Cluster.*} methods other peers call on this one (spec §1.4): {@code ID}, {@code
 * Version}, {@code Peers}, {@code PeerAdd} (of the caller), and the local halves of the global
 * fan-outs, {@code RecoverAllLocal} and {@code RepoGCLocal} (the cluster's {@code local} variants).
 * {@link RemoteCluster} is its other end. Thread-safe when the cluster is.
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

  @Override
  public void recoverAllLocal(Empty request, StreamObserver<Json> out) {
    ServerCalls.stream(
        out, () -> cluster.recoverAll(true).map(ClusterService::onlyEntry), Values::json);
  }

  @Override
  public void repoGCLocal(Empty request, StreamObserver<Json> out) {
    ServerCalls.unary(
        out,
        () -> {
          GlobalRepoGc gc = cluster.repoGc(true);
          if (gc.peerMap().size() != 1) {
            throw new IllegalStateException(
                "a local repo GC has one entry, got " + gc.peerMap().keySet());
          }
          RepoGc only = gc.peerMap().values().iterator().next();
          return Values.json(only);
        });
  }

  /** The one peer's status of a local global status, as the PinInfo it was made of. */
  static PinInfo onlyEntry(GlobalPinInfo g) {
    if (g.peerMap().size() != 1) {
      throw new IllegalStateException(
          "a local status of " + g.cid() + " has one entry, got " + g.peerMap().keySet());
    }
    Map.Entry<PeerId, PinInfoShort> e = g.peerMap().entrySet().iterator().next();
    return new PinInfo(
        g.cid(),
        g.name(),
        e.getKey(),
        g.allocations(),
        g.origins(),
        g.created(),
        g.metadata(),
        e.getValue());
  }
}
