package io.ipfscluster.ipfs.node;

import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.multiformats.Multihash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a failed import take back the blocks it wrote without taking any block another operation
 * relies on.
 *
 * <p>An import writes its blocks inside a {@link Session}. A block the session writes first is
 * claimed by it. Any other operation that meets a claimed block (writes the same block, or walks
 * through it to pin) {@link #touch touches} it, which marks the claim shared. {@link
 * Session#rollback()} deletes only the blocks its session created and nobody else touched; a touch
 * that races with the deletion either marks the claim first (the block stays) or finds it gone (the
 * toucher then sees the block as missing and fetches it again). Garbage collection runs while no
 * session is open, so claims never outlive what they protect.
 *
 * <p>Thread-safe.
 */
final class WriteClaims {
  private final ConcurrentHashMap<Multihash, Claim> claims = new ConcurrentHashMap<>();
  private final Blockstore store;

  WriteClaims(Blockstore store) {
    this.store = store;
  }

  private static final class Claim {
    final Session owner;
    boolean shared;
    boolean gone;

    Claim(Session owner) {
      this.owner = owner;
    }
  }

  /** Opens a session for one import. */
  Session open() {
    return new Session();
  }

  /**
   * Records that {@code session} (null for operations outside any session) relies on the block
   * {@code key}.
   *
   * @return false if the block was just taken back by a rollback, so the caller must not assume it
   *     is stored
   */
  boolean touch(Multihash key, Session session) {
    Claim claim = claims.get(key);
    if (claim == null || claim.owner == session) {
      return true;
    }
    synchronized (claim) {
      if (claim.gone) {
        return false;
      }
      claim.shared = true;
      return true;
    }
  }

  /** The blocks one import writes. Not thread-safe except for {@link #put}, called by writers. */
  final class Session implements AutoCloseable {
    private final List<Multihash> created = new ArrayList<>();

    private Session() {}

    /**
     * Writes a block through {@code write}, claiming it first if no one else has.
     *
     * @param write stores the block and says whether it was new
     */
    boolean put(Multihash key, java.util.function.BooleanSupplier write) {
      Claim mine = new Claim(this);
      Claim existing = claims.putIfAbsent(key, mine);
      if (existing != null && existing.owner != this) {
        touch(key, this);
      }
      boolean owned = existing == null;
      boolean stored;
      try {
        stored = write.getAsBoolean();
      } catch (RuntimeException e) {
        if (owned) {
          claims.remove(key, mine);
        }
        throw e;
      }
      if (owned) {
        if (stored) {
          synchronized (created) {
            created.add(key);
          }
        } else {
          claims.remove(key, mine);
        }
      }
      return stored;
    }

    /**
     * The blockstore as this session sees it: reads go straight through, writes claim their blocks
     * (see {@link #put}).
     */
    Blockstore blockstore() {
      return new SessionBlockstore(store, this);
    }

    /** Deletes the blocks this session created that no other operation touched. */
    int rollback() {
      int removed = 0;
      List<Multihash> mine;
      synchronized (created) {
        mine = new ArrayList<>(created);
        created.clear();
      }
      for (Multihash key : mine) {
        Claim claim = claims.get(key);
        if (claim == null || claim.owner != this) {
          continue;
        }
        synchronized (claim) {
          if (!claim.shared) {
            claim.gone = true;
            if (store.delete(key)) {
              removed++;
            }
          }
        }
        claims.remove(key, claim);
      }
      return removed;
    }

    /** Ends the session, keeping its blocks. Idempotent. */
    @Override
    public void close() {
      List<Multihash> mine;
      synchronized (created) {
        mine = new ArrayList<>(created);
        created.clear();
      }
      for (Multihash key : mine) {
        Claim claim = claims.get(key);
        if (claim != null && claim.owner == this) {
          claims.remove(key, claim);
        }
      }
    }
  }
}
