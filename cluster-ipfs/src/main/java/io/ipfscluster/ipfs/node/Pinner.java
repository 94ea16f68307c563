package io.ipfscluster.ipfs.node;

import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.ipld.IpldException;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multicodec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * The node's pins: adds them (fetching missing blocks), removes, updates, lists and checks them.
 *
 * <p>Recursive and direct pins are stored ({@link PinStore}); indirect pins are computed by walking
 * the DAGs of recursive pins when asked for. A pin is recorded only after every block it needs is
 * stored and synced, so a crash at any point leaves no pin whose blocks are missing.
 *
 * <p>Thread-safe. Adding pins holds the node's collection lock in shared mode, so garbage
 * collection never runs in the middle of a pin.
 */
public final class Pinner {
  private final Blockstore store;
  private final PinStore pins;
  private final BlockFetcher fetcher;
  private final Lock sharedGcLock;
  private final int parallelism;

  Pinner(
      Blockstore store, PinStore pins, BlockFetcher fetcher, Lock sharedGcLock, int parallelism) {
    this.store = store;
    this.pins = pins;
    this.fetcher = fetcher;
    this.sharedGcLock = sharedGcLock;
    this.parallelism = parallelism;
  }

  /**
   * Pins {@code cid} and every block it reaches, fetching what is missing.
   *
   * @param name the pin's name ({@code ""} for none); pinning again changes it, and does nothing
   *     more when {@code cid} is pinned recursively already
   * @param progress incremented once per block reached, for {@code pin/add?progress=true}
   * @throws BlockNotFoundException if a block is missing and nobody supplies it in time
   * @throws UnsupportedCodecException if the DAG holds a codec whose links this node cannot read
   * @throws IpldException if a block of the DAG is malformed
   */
  public void pinRecursive(Cid cid, String name, AtomicLong progress) throws InterruptedException {
    pinRecursive(cid, name, progress, null, BlockSource.Providers.NONE);
  }

  /**
   * {@link #pinRecursive(Cid, String, AtomicLong)}, telling the block source who likely holds the
   * missing blocks (a cluster pin's allocations and origins).
   */
  public void pinRecursive(
      Cid cid, String name, AtomicLong progress, BlockSource.Providers providers)
      throws InterruptedException {
    pinRecursive(cid, name, progress, null, providers);
  }

  /**
   * Pins {@code cid} recursively if its whole DAG is stored already, without fetching anything (as
   * {@code dag/import} pins the roots of a CAR file).
   *
   * @throws BlockNotFoundException naming the first missing block found
   */
  public void pinRecursiveLocal(Cid cid, String name) throws InterruptedException {
    sharedGcLock.lockInterruptibly();
    try {
      new DagWalk(this::localLinks, parallelism)
          .run(List.of(cid), ConcurrentHashMap.newKeySet(), (c, root) -> true);
      store.sync();
      pins.addRecursive(cid, name);
    } finally {
      sharedGcLock.unlock();
    }
  }

  /** {@link #pinRecursive(Cid, String, AtomicLong)} on behalf of an import's session. */
  void pinRecursive(Cid cid, String name, AtomicLong progress, WriteClaims.Session session)
      throws InterruptedException {
    pinRecursive(cid, name, progress, session, BlockSource.Providers.NONE);
  }

  private void pinRecursive(
      Cid cid,
      String name,
      AtomicLong progress,
      WriteClaims.Session session,
      BlockSource.Providers providers)
      throws InterruptedException {
    sharedGcLock.lockInterruptibly();
    try {
      // A recorded recursive pin means its whole DAG is stored (pins are recorded last, and GC
      // keeps them): pinning it again only renames it, as kubo's pinner returns early too.
      String pinnedAs = pins.name(PinStore.RECURSIVE, cid);
      if (pinnedAs != null) {
        if (!pinnedAs.equals(name)) {
          pins.addRecursive(cid, name);
        }
        return;
      }
      // Progress counts blocks obtained (stored or fetched), as kubo's pin progress does.
      new DagWalk(
              c -> {
                List<Cid> links = links(c, session, providers);
                progress.incrementAndGet();
                return links;
              },
              parallelism)
          .run(List.of(cid), ConcurrentHashMap.newKeySet(), (c, root) -> true);
      store.sync();
      pins.addRecursive(cid, name);
    } finally {
      sharedGcLock.unlock();
    }
  }

  /**
   * Pins only the block {@code cid}, fetching it if missing.
   *
   * @throws PinConflictException if it is pinned recursively already
   */
  public void pinDirect(Cid cid, String name) throws InterruptedException {
    pinDirect(cid, name, BlockSource.Providers.NONE);
  }

  /**
   * {@link #pinDirect(Cid, String)}, telling the block source who likely holds the block if it is
   * missing.
   */
  public void pinDirect(Cid cid, String name, BlockSource.Providers providers)
      throws InterruptedException {
    sharedGcLock.lockInterruptibly();
    try {
      if (pins.isRecursive(cid)) {
        throw new PinConflictException(cid + " already pinned recursively");
      }
      fetcher.ensure(cid, null, providers);
      store.sync();
      pins.addDirect(cid, name);
    } finally {
      sharedGcLock.unlock();
    }
  }

  /**
   * Removes the pin of {@code cid}.
   *
   * @param recursive false to remove only a direct pin
   * @throws NotPinnedException {@code not pinned or pinned indirectly}
   * @throws PinConflictException {@code <cid> is pinned recursively} when {@code recursive} is
   *     false
   */
  public void unpin(Cid cid, boolean recursive) {
    if (pins.isRecursive(cid)) {
      if (!recursive) {
        throw new PinConflictException(cid + " is pinned recursively");
      }
    } else if (!pins.isDirect(cid)) {
      throw new NotPinnedException("not pinned or pinned indirectly");
    }
    pins.remove(cid);
  }

  /**
   * Pins {@code to} recursively in place of {@code from}, keeping the pin's name, and unpins {@code
   * from} unless {@code unpin} is false; one atomic change once {@code to} is complete.
   *
   * @throws PinConflictException if {@code from} is not pinned recursively, or {@code to} already
   *     is
   */
  public void update(Cid from, Cid to, boolean unpin, AtomicLong progress)
      throws InterruptedException {
    sharedGcLock.lockInterruptibly();
    try {
      String name = pins.name(PinStore.RECURSIVE, from);
      if (name == null) {
        throw new PinConflictException("'from' cid was not recursively pinned already");
      }
      if (from.equals(to)) {
        return;
      }
      if (pins.isRecursive(to)) {
        throw new PinConflictException("'to' cid was already recursively pinned");
      }
      new DagWalk(
              c -> {
                List<Cid> links = links(c, null, BlockSource.Providers.NONE);
                progress.incrementAndGet();
                return links;
              },
              parallelism)
          .run(List.of(to), ConcurrentHashMap.newKeySet(), (c, root) -> true);
      store.sync();
      pins.update(from, to, name, unpin);
    } finally {
      sharedGcLock.unlock();
    }
  }

  /**
   * How {@code cid} is pinned: recursively, directly, or indirectly (through which recursive pin),
   * or null if it is not pinned. Finding an indirect pin walks the DAGs of recursive pins.
   *
   * @param kinds the kinds to look for
   */
  public PinListing check(Cid cid, Set<PinKind> kinds) throws InterruptedException {
    if (kinds.contains(PinKind.RECURSIVE)) {
      String name = pins.name(PinStore.RECURSIVE, cid);
      if (name != null) {
        return new PinListing(cid, PinKind.RECURSIVE, name, null);
      }
    }
    if (kinds.contains(PinKind.DIRECT)) {
      String name = pins.name(PinStore.DIRECT, cid);
      if (name != null) {
        return new PinListing(cid, PinKind.DIRECT, name, null);
      }
    }
    if (kinds.contains(PinKind.INDIRECT)) {
      Cid via = indirectRoot(cid);
      if (via != null) {
        return new PinListing(cid, PinKind.INDIRECT, "", via);
      }
    }
    return null;
  }

  /** The recursive pin whose DAG holds {@code cid} below its root, or null. */
  Cid indirectRoot(Cid cid) throws InterruptedException {
    Set<Cid> visited = ConcurrentHashMap.newKeySet();
    List<Cid> roots = new ArrayList<>();
    try (PinStore.CloseableIterator<Cid> it = pins.cids(PinStore.RECURSIVE)) {
      it.forEachRemaining(roots::add);
    }
    for (Cid root : roots) {
      AtomicReference<Cid> found = new AtomicReference<>();
      DagWalk[] walk = new DagWalk[1];
      walk[0] = new DagWalk(c -> localLinks(c), parallelism);
      walk[0].run(
          List.of(root),
          visited,
          (c, isRoot) -> {
            if (!isRoot && c.equals(cid)) {
              found.set(root);
              walk[0].stop();
              return false;
            }
            return true;
          });
      if (found.get() != null) {
        return found.get();
      }
    }
    return null;
  }

  /**
   * Streams the pins of the given kinds: recursive pins, then direct, then indirect (every block
   * reached from a recursive pin that is not itself a recursive pin, once).
   */
  public void list(Set<PinKind> kinds, Consumer<PinListing> out) throws InterruptedException {
    if (kinds.contains(PinKind.RECURSIVE)) {
      pins.forEach(
          PinStore.RECURSIVE,
          e -> out.accept(new PinListing(e.cid(), PinKind.RECURSIVE, e.name(), null)));
    }
    if (kinds.contains(PinKind.DIRECT)) {
      pins.forEach(
          PinStore.DIRECT,
          e -> out.accept(new PinListing(e.cid(), PinKind.DIRECT, e.name(), null)));
    }
    if (kinds.contains(PinKind.INDIRECT)) {
      List<Cid> roots = new ArrayList<>();
      try (PinStore.CloseableIterator<Cid> it = pins.cids(PinStore.RECURSIVE)) {
        it.forEachRemaining(roots::add);
      }
      Object outLock = new Object();
      new DagWalk(this::localLinks, parallelism)
          .run(
              roots,
              ConcurrentHashMap.newKeySet(),
              (c, isRoot) -> {
                if (!isRoot) {
                  synchronized (outLock) {
                    out.accept(new PinListing(c, PinKind.INDIRECT, "", null));
                  }
                }
                return true;
              });
    }
  }

  /**
   * Checks that the whole DAG of a recursive pin is stored and intact: every block present and
   * hashing to its CID.
   *
   * @return the bad blocks, each with what is wrong; empty when the DAG is whole
   */
  public List<BadBlock> verify(Cid root) throws InterruptedException {
    List<BadBlock> bad = java.util.Collections.synchronizedList(new ArrayList<>());
    new DagWalk(
            cid -> {
              byte[] data = store.get(cid.multihash());
              if (data == null) {
                bad.add(new BadBlock(cid, "ipld: could not find " + cid));
                return List.of();
              }
              if (cid.multihash().function().isPresent() && !cid.multihash().matches(data)) {
                bad.add(new BadBlock(cid, "block " + cid + " is corrupt: its hash does not match"));
                return List.of();
              }
              try {
                return Links.of(cid, data);
              } catch (IpldException | UnsupportedCodecException e) {
                bad.add(new BadBlock(cid, e.getMessage()));
                return List.of();
              }
            },
            parallelism)
        .run(List.of(root), ConcurrentHashMap.newKeySet(), (c, isRoot) -> true);
    return List.copyOf(bad);
  }

  /** The recursive pins, in key order, streaming. */
  public void forEachRecursive(Consumer<Cid> action) {
    try (PinStore.CloseableIterator<Cid> it = pins.cids(PinStore.RECURSIVE)) {
      it.forEachRemaining(action);
    }
  }

  /**
   * A block of a pinned DAG that is missing or damaged.
   *
   * @param cid the block
   * @param error what is wrong with it
   */
  public record BadBlock(Cid cid, String error) {}

  /** All kinds. */
  public static Set<PinKind> allKinds() {
    return EnumSet.allOf(PinKind.class);
  }

  /**
   * Walks the DAGs from {@code roots}; with {@code fetch}, missing blocks are fetched, else they
   * fail the walk.
   */
  void walk(List<Cid> roots, Set<Cid> visited, boolean fetch, DagWalk.Visitor visitor)
      throws InterruptedException {
    DagWalk.LinkReader reader =
        fetch ? c -> links(c, null, BlockSource.Providers.NONE) : this::localLinks;
    new DagWalk(reader, parallelism).run(roots, visited, visitor);
  }

  /** The links of a block, fetching it when missing from the source, hinted with providers. */
  List<Cid> links(Cid cid, WriteClaims.Session session, BlockSource.Providers providers)
      throws InterruptedException {
    if (!Links.isSupported(cid)) {
      throw new UnsupportedCodecException(cid);
    }
    try {
      if (Links.isLeafCodec(cid)) {
        fetcher.ensure(cid, session, providers);
        return List.of();
      }
      if (cid.codec() == Multicodec.DAG_PB.code()) {
        byte[] prefix = fetcher.getPrefix(cid, Links.PREFIX_BYTES, session, providers);
        List<Cid> links = Links.ofDagPbPrefix(prefix, prefix.length != Links.PREFIX_BYTES);
        return links != null ? links : Links.of(cid, fetcher.get(cid, session, providers));
      }
      return Links.of(cid, fetcher.get(cid, session, providers));
    } catch (IpldException e) {
      throw new IpldException(
          "block " + cid + " is malformed: " + e.getMessage(), e.offset(), cid, e);
    }
  }

  /** The links of a block that must be stored already. */
  List<Cid> localLinks(Cid cid) {
    if (!Links.isSupported(cid)) {
      throw new UnsupportedCodecException(cid);
    }
    if (Links.isLeafCodec(cid)) {
      if (!store.has(cid.multihash())) {
        throw missing(cid);
      }
      return List.of();
    }
    try {
      if (cid.codec() == Multicodec.DAG_PB.code()) {
        byte[] prefix = store.getPrefix(cid.multihash(), Links.PREFIX_BYTES);
        if (prefix == null) {
          throw missing(cid);
        }
        List<Cid> links = Links.ofDagPbPrefix(prefix, prefix.length != Links.PREFIX_BYTES);
        if (links != null) {
          return links;
        }
      }
      byte[] data = store.get(cid.multihash());
      if (data == null) {
        throw missing(cid);
      }
      return Links.of(cid, data);
    } catch (IpldException e) {
      throw new IpldException(
          "block " + cid + " is malformed: " + e.getMessage(), e.offset(), cid, e);
    }
  }

  private static BlockNotFoundException missing(Cid cid) {
    return new BlockNotFoundException(
        cid, "block " + cid + " is not in the blockstore (ipld: could not find " + cid + ")");
  }
}
