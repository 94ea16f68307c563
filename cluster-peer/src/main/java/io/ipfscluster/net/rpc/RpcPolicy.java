package io.ipfscluster.net.rpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The access policy of the cluster RPC: {@code "Service.Method"} to {@link Access}, as the
 * original's {@code RPCPolicy}. A method the table does not list is denied, and a server refuses to
 * start with a method the table does not list. Immutable and thread-safe.
 */
public final class RpcPolicy {
  private final Map<String, Access> table;

  private RpcPolicy(Map<String, Access> table) {
    this.table = Map.copyOf(table);
  }

  /** The policy of the methods served so far, with the original's levels. */
  public static RpcPolicy defaults() {
    Map<String, Access> t = new TreeMap<>();
    t.put("Cluster.ID", Access.OPEN);
    t.put("Cluster.Version", Access.OPEN);
    t.put("Cluster.Peers", Access.TRUSTED);
    // Open as in the original: a joining peer is not trusted yet; the secret admits it.
    t.put("Cluster.PeerAdd", Access.OPEN);
    t.put("Cluster.RecoverAllLocal", Access.TRUSTED);
    t.put("Cluster.RepoGCLocal", Access.TRUSTED);
    t.put("PinTracker.Track", Access.CLOSED);
    t.put("PinTracker.Untrack", Access.CLOSED);
    t.put("PinTracker.StatusAll", Access.TRUSTED);
    t.put("PinTracker.Status", Access.TRUSTED);
    t.put("PinTracker.RecoverAll", Access.CLOSED);
    t.put("PinTracker.Recover", Access.TRUSTED);
    t.put("PinTracker.PinQueueSize", Access.CLOSED);
    t.put("IPFSConnector.BlockStream", Access.TRUSTED);
    t.put("IPFSConnector.BlockGet", Access.CLOSED);
    // Not in the original's table: there IPFS nodes exchange blocks over bitswap, open to any node.
    t.put("IPFSConnector.BlockGetLocal", Access.OPEN);
    t.put("IPFSConnector.SwarmPeers", Access.TRUSTED);
    t.put("IPFSConnector.RepoStat", Access.TRUSTED);
    // Not in the original's table: there CRDT blocks travel over bitswap, which any peer of the
    // private network may use. Delta blocks are signed and verified by the receiver, so reading
    // them needs no trust.
    t.put("Consensus.FetchBlocks", Access.OPEN);
    t.put("Consensus.FetchRanges", Access.OPEN);
    // Not in the original's table: a Raft peer that hears from no leader asks the others whether
    // it was removed, since the entry that removed it may never reach it. In Raft every member is
    // trusted.
    t.put("Consensus.RaftVoters", Access.TRUSTED);
    // Not in the original's table: a CRDT peer removed while it was offline, and blocked since,
    // fetches the signed record of its removal (its own only) to learn it; see RemovalRefusal.
    t.put("Consensus.RemovalRecord", Access.OPEN);
    // Not in the original's table either: libp2p's identify and DHT give any peer of the private
    // network the addresses of the others.
    t.put("Peerstore.Exchange", Access.OPEN);
    // The gossip link: as in the original, any member of the private network may take part in
    // pub/sub; what it publishes is judged by the signatures and the topic validators.
    t.put("PubSub.Connect", Access.OPEN);
    return new RpcPolicy(t);
  }

  /** This policy with {@code method} ({@code "Service.Method"}) at {@code access}. */
  public RpcPolicy with(String method, Access access) {
    if (!method.matches("[A-Za-z0-9]+\\.[A-Za-z0-9]+")) {
      throw new IllegalArgumentException(
          "an RPC method is named Service.Method, got \"" + method + "\"");
    }
    Map<String, Access> t = new TreeMap<>(table);
    t.put(method, access);
    return new RpcPolicy(t);
  }

  /** The access of {@code method} ({@code "Service.Method"}), empty when the table lacks it. */
  public Optional<Access> access(String method) {
    return Optional.ofNullable(table.get(method));
  }

  /** The policy name of a gRPC method: its service's simple name, a dot and the method. */
  public static String nameOf(MethodDescriptor<?, ?> method) {
    String service = method.getServiceName();
    String simple = service == null ? "" : service.substring(service.lastIndexOf('.') + 1);
    return simple + "." + method.getBareMethodName();
  }

  /**
   * Checks that the table lists every method of {@code services}.
   *
   * @throws IllegalStateException naming the methods it lacks
   */
  void requireCovers(Collection<ServerServiceDefinition> services) {
    List<String> missing = new ArrayList<>();
    for (ServerServiceDefinition s : services) {
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        String name = nameOf(m.getMethodDescriptor());
        if (!table.containsKey(name)) {
          missing.add(name);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the RPC policy does not list " + missing);
    }
  }

  @Override
  public String toString() {
    return "RpcPolicy" + new TreeMap<>(table);
  }
}
