package io.ipfscluster.components;

import io.ipfscluster.api.Alert;
import io.ipfscluster.api.Bandwidth;
import io.ipfscluster.api.ConnectGraph;
import io.ipfscluster.api.GlobalPinInfo;
import io.ipfscluster.api.GlobalRepoGc;
import io.ipfscluster.api.Metric;
import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.StatusFilter;
import io.ipfscluster.api.VersionInfo;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a cluster peer offers its users: the use cases behind the REST API, the IPFS proxy, the
 * pinning service API and the CLI (the original's {@code Cluster} RPC service, spec §1.3, §1.4).
 *
 * <p>Failures are {@link ClusterException}s whose kind says not found / invalid / failed, with the
 * original's messages. Streams must be closed. Implementations are thread-safe.
 */
public interface Cluster {

  /** This peer's identity, addresses, peers and IPFS node. */
  PeerInfo id();

  /** This peer's version. */
  VersionInfo version();

  /**
   * Pins {@code cid} with {@code options}: allocates it and commits it to the pinset, returning the
   * pin as committed (spec §1.3 for the rules and their error messages).
   */
  Pin pin(Cid cid, PinOptions options);

  /** Resolves an {@code /ipfs/}, {@code /ipns/} or {@code /ipld/} path, then pins its CID. */
  Pin pinPath(String path, PinOptions options);

  /** Removes {@code cid} from the pinset; returns the pin as it was. */
  Pin unpin(Cid cid);

  /** Resolves a path, then unpins its CID. */
  Pin unpinPath(String path);

  /** The pin of {@code cid} in the pinset ({@link ClusterException#notInPinset()} if none). */
  Pin pinGet(Cid cid);

  /** Streams the pinset's pins whose type is in {@code typeMask}. */
  Stream<Pin> pins(int typeMask);

  /** Streams the cluster's peers; unreachable ones as entries with an error. */
  Stream<PeerInfo> peers();

  /**
   * Asks {@code peer} to join the cluster, as {@code POST /peers} does; returns its identity as
   * this peer then sees it.
   */
  PeerInfo peerAdd(PeerId peer);

  /** Removes {@code peer} from the cluster. */
  void peerRemove(PeerId peer);

  /**
   * Streams the status of every pin (of this peer only when {@code local}) matching {@code filter}.
   */
  Stream<GlobalPinInfo> statusAll(StatusFilter filter, boolean local);

  /** The status of {@code cid} (of this peer only when {@code local}). */
  GlobalPinInfo status(Cid cid, boolean local);

  /** Re-queues failed operations everywhere (or here when {@code local}); streams what moved. */
  Stream<GlobalPinInfo> recoverAll(boolean local);

  /** Re-queues the failed operations of {@code cid}. */
  GlobalPinInfo recover(Cid cid, boolean local);

  /** Runs IPFS garbage collection on every peer (or this one when {@code local}). */
  GlobalRepoGc repoGc(boolean local);

  /** The alerts the peer monitor raised, newest first. */
  List<Alert> alerts();

  /** The connections between cluster peers and their IPFS nodes. */
  ConnectGraph connectGraph();

  /** The traffic of this peer's cluster transport per libp2p protocol ID. */
  Map<String, Bandwidth> bandwidthByProtocol();

  /** The names of the metrics the peer monitor has. */
  List<String> metricNames();

  /** The latest valid metric of each peer for {@code name}. */
  List<Metric> metrics(String name);
}
