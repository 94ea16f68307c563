package io.ipfscluster.ipfs.node;

import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multihash;
import java.util.stream.Stream;

/**
 * A {@link Blockstore} whose writes go through a {@link WriteClaims.Session}, so that the session
 * can take them back. Everything else goes straight to the underlying store. Thread-safe.
 */
final class SessionBlockstore implements Blockstore {
  private final Blockstore store;
  private final WriteClaims.Session session;

  SessionBlockstore(Blockstore store, WriteClaims.Session session) {
    this.store = store;
    this.session = session;
  }

  @Override
  public boolean has(Multihash key) {
    return store.has(key);
  }

  @Override
  public byte[] get(Multihash key) {
    return store.get(key);
  }

  @Override
  public byte[] getPrefix(Multihash key, int maxBytes) {
    return store.getPrefix(key, maxBytes);
  }

  @Override
  public long sizeOf(Multihash key) {
    return store.sizeOf(key);
  }

  @Override
  public boolean put(Cid cid, byte[] data) {
    Blockstore.verify(cid, data);
    return putTrusted(cid.multihash(), data);
  }

  @Override
  public boolean putTrusted(Multihash key, byte[] data) {
    return session.put(key, () -> store.putTrusted(key, data));
  }

  @Override
  public boolean delete(Multihash key) {
    return store.delete(key);
  }

  @Override
  public Stream<Multihash> keys() {
    return store.keys();
  }

  @Override
  public Usage usage() {
    return store.usage();
  }

  @Override
  public void sync() {
    store.sync();
  }

  /** Does not close the underlying store, which outlives the session. */
  @Override
  public void close() {}
}
