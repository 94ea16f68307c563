package io.ipfscluster.cluster;

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
import java.util.stream.Stream;

/**
 * An IPFS node that only resolves paths, from a fixed table, and tells its repo size once a test
 * sets {@link #repoStat}; every other call fails.
 */
final class ResolvingIpfs implements IpfsConnector {
  private final Map<String, Cid> paths;
  volatile IpfsRepoStat repoStat;

  ResolvingIpfs(Map<String, Cid> paths) {
    this.paths = Map.copyOf(paths);
  }

  @Override
  public Cid resolve(String path) {
    Cid cid = paths.get(path);
    if (cid == null) {
      throw new IpfsException("IPFS error (resolve). Code: 0. Message: no link named in " + path);
    }
    return cid;
  }

  private static IpfsException unsupported() {
    return new IpfsException("not supported by this test node");
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public IpfsInfo id() {
    throw unsupported();
  }

  @Override
  public void pin(Pin pin) {
    throw unsupported();
  }

  @Override
  public void unpin(Cid cid) {
    throw unsupported();
  }

  @Override
  public IpfsPinStatus pinLsCid(Pin pin) {
    throw unsupported();
  }

  @Override
  public Stream<IpfsPinInfo> pinLs(Set<String> types) {
    throw unsupported();
  }

  @Override
  public void connectSwarms(List<Multiaddr> addrs) {}

  @Override
  public List<PeerId> swarmPeers() {
    throw unsupported();
  }

  @Override
  public Object configKey(String path) {
    throw unsupported();
  }

  @Override
  public IpfsRepoStat repoStat() {
    IpfsRepoStat stat = repoStat;
    if (stat != null) {
      return stat;
    }
    throw unsupported();
  }

  @Override
  public RepoGc repoGc() {
    throw unsupported();
  }

  @Override
  public void blockStream(Iterator<Block> blocks) {
    throw unsupported();
  }

  @Override
  public byte[] blockGet(Cid cid) {
    throw unsupported();
  }

  @Override
  public void close() {}
}
