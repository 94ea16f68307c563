package io.ipfscluster.consensus.crdt;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.state.PinCodec;
import io.ipfscluster.state.State;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CRDT replica seen as a plain {@link State}, for the offline {@code state} commands of a CRDT
 * peer (the original's {@code OfflineState}): reads come from the winners, every write is a block
 * of this peer, {@link #replaceAll} (import) writes a new history and {@link #clear} (cleanup)
 * wipes the CRDT key spaces. Use it only while the peer is stopped: a running peer writes through
 * {@link CrdtConsensus}.
 *
 * <p>Thread-safe; writes are serialized.
 */
public final class CrdtState implements State {
  private final CrdtReplica replica;

  private CrdtState(CrdtReplica replica) {
    this.replica = replica;
  }

  /** Opens the replica kept in {@code datastore}, writing as {@code identity}. */
  public static CrdtState open(Datastore datastore, Identity identity) {
    return new CrdtState(CrdtReplica.open(datastore, identity));
  }

  @Override
  public Optional<Pin> get(Cid cid) {
    return replica.pinset().get(cid);
  }

  @Override
  public boolean has(Cid cid) {
    return replica.pinset().has(cid);
  }

  @Override
  public Stream<Pin> list(int typeMask) {
    return replica.pinset().list(typeMask);
  }

  /** {@inheritDoc} Writes one block. */
  @Override
  public void add(Pin pin) {
    replica.commitLocal(List.of(new CrdtReplica.Op(pin.cid(), PinCodec.encode(pin))));
  }

  /** {@inheritDoc} Writes one block, or nothing if the CID is not pinned. */
  @Override
  public void remove(Cid cid) {
    replica.commitLocal(List.of(new CrdtReplica.Op(cid, null)));
  }

  /** {@inheritDoc} The batch becomes one block (or a chain of them), always synced. */
  @Override
  public StateBatch newBatch() {
    return new StateBatch() {
      private final List<CrdtReplica.Op> ops = new ArrayList<>();

      @Override
      public StateBatch add(Pin pin) {
        ops.add(new CrdtReplica.Op(pin.cid(), PinCodec.encode(pin)));
        return this;
      }

      @Override
      public StateBatch remove(Cid cid) {
        ops.add(new CrdtReplica.Op(cid, null));
        return this;
      }

      @Override
      public int size() {
        return ops.size();
      }

      @Override
      public void commit(boolean sync) {
        replica.commitLocal(List.copyOf(ops));
        ops.clear();
      }

      @Override
      public void close() {
        ops.clear();
      }
    };
  }

  /** {@inheritDoc} Reads a counter kept with every merge: constant time. */
  @Override
  public long size() {
    return replica.size();
  }

  /**
   * {@inheritDoc} The new pinset is a new history of blocks of at most 1 MiB written by this peer
   * under a new incarnation; the old blocks are dropped. Other peers keep their own history until
   * they import the same export (as in the original).
   */
  @Override
  public long replaceAll(Iterator<Pin> pins) {
    return replica.replaceAll(pins);
  }

  /** {@inheritDoc} Removes every CRDT key: blocks, heads and the replica, of every generation. */
  @Override
  public void clear() {
    replica.clear();
  }

  /** What the replica holds (heads, version vector, digests), for {@code state crdt info}. */
  public ReplicaInfo info() {
    return replica.info();
  }
}
