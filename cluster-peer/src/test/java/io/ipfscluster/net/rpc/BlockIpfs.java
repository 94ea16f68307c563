package io.ipfscluster.net.rpc;

import io.ipfscluster.api.IpfsInfo;
import io.ipfscluster.api.IpfsPinInfo;
import io.ipfscluster.api.IpfsPinStatus;
import io.ipfscluster.api.IpfsRepoStat;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.RepoGc;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.IpfsConnector;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import io.ipfscluster.multiformats.PeerId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An IPFS node that only stores blocks in memory (and sizes them); the RPC tests use nothing else.
 */
final class BlockIpfs implements IpfsConnector {
  static final long STORAGE_MAX = 1L << 30;

  final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();

  @Override
  public void blockStream(Iterator<Block> in) {
    while (in.hasNext()) {
      Block b = in.next();
      blocks.put(b.cid(), b.data());
    }
  }

  @Override
  public byte[] blockGet(Cid cid) {
    byte[] data = blocks.get(cid);
    if (data == null) {
      throw new IpfsException("block not found locally, cannot check remote peers");
    }
    return data;
  }

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("not used by the RPC tests");
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public IpfsInfo id() {
    throw unused();
  }

  @Override
  public void pin(Pin pin) {
    throw unused();
  }

  @Override
  public void unpin(Cid cid) {
    throw unused();
  }

  @Override
  public IpfsPinStatus pinLsCid(Pin pin) {
    throw unused();
  }

  @Override
  public Stream<IpfsPinInfo> pinLs(Set<String> types) {
    throw unused();
  }

  @Override
  public void connectSwarms(List<Multiaddr> addrs) {
    throw unused();
  }

  @Override
  public List<PeerId> swarmPeers() {
    throw unused();
  }

  @Override
  public Object configKey(String path) {
    throw unused();
  }

  @Override
  public IpfsRepoStat repoStat() {
    return new IpfsRepoStat(blocks.values().stream().mapToLong(b -> b.length).sum(), STORAGE_MAX);
  }

  @Override
  public RepoGc repoGc() {
    throw unused();
  }

  @Override
  public Cid resolve(String path) {
    throw unused();
  }

  @Override
  public void close() {}
}
