package io.ipfscluster.components;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The peer's IPFS node, reached over the kubo RPC API (spec §5): it pins and unpins what the
 * cluster allocates to this peer, and reports the node's identity, pins and repository.
 *
 * <p>Every method blocks until the node answers or its timeout passes (configured per call in
 * {@code ipfs_connector.ipfshttp}); failures throw {@link IpfsException} with the original's
 * messages. Implementations are thread-safe.
 */
public interface IpfsConnector extends AutoCloseable {

  /** Whether the node answered its {@code id} call; the peer polls this at start. */
  boolean ready();

  /** The node's peer ID and addresses ({@code id}). */
  IpfsInfo id();

  /**
   * Pins {@code pin.cid()} recursively, directly or to {@code pin.maxDepth()}, unless it already
   * is; fetching from {@code pin.options().origins()} first. Fails when the node makes no progress
   * for {@code pin_timeout}.
   */
  void pin(Pin pin);

  /** Unpins {@code cid}; a CID that is not pinned (or only indirectly) is not an error. */
  void unpin(Cid cid);

  /** How the node has {@code pin.cid()} pinned, checked at the depth the pin asks for. */
  IpfsPinStatus pinLsCid(Pin pin);

  /**
   * Streams the node's pins of the given types ({@code recursive}, {@code direct}, {@code
   * indirect}, or {@code all}), every type asked for. Close the stream when done.
   */
  Stream<IpfsPinInfo> pinLs(Set<String> types);

  /** Connects the node to the IPFS addresses of the cluster's other peers' nodes. */
  void connectSwarms(List<Multiaddr> addrs);

  /** The peers the node is connected to ({@code swarm/peers}). */
  List<PeerId> swarmPeers();

  /** A value of the node's configuration by path, for example {@code Datastore/StorageMax}. */
  Object configKey(String path);

  /** The repository's size and limit ({@code repo/stat}). */
  IpfsRepoStat repoStat();

  /** Runs garbage collection on the node ({@code repo/gc}) and lists what it removed. */
  RepoGc repoGc();

  /** Resolves an {@code /ipfs/}, {@code /ipns/} or {@code /ipld/} path to a CID. */
  Cid resolve(String path);

  /** Writes blocks to the node ({@code block/put}), all in one streaming request. */
  void blockStream(Iterator<Block> blocks);

  /** Reads a block from the node ({@code block/get}). */
  byte[] blockGet(Cid cid);

  /** Releases the connector's resources. Idempotent. */
  @Override
  void close();
}
