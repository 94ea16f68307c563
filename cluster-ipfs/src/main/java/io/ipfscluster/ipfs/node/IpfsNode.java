package io.ipfscluster.ipfs.node;

import io.ipfscluster.api.RepoGcKey;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.ipfs.blockstore.Blockstore;
import io.ipfscluster.ipfs.blockstore.FlatFsBlockstore;
import io.ipfscluster.ipfs.blockstore.PackBlockstore;
import io.ipfscluster.ipfs.node.EmbeddedNodeConfig.BlockstoreLayout;
import io.ipfscluster.multiformats.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded IPFS node without its HTTP API: a repository folder with a blockstore, pins, an
 * identity, and a {@link BlockSource} to fetch missing blocks from. The kubo RPC server in {@code
 * io.ipfscluster.ipfs.embedded} serves it; in-process users (the cluster's block exchange) call it
 * directly.
 *
 * <p>Layout of the folder: {@code packs/} (blocks in pack files, see {@link PackBlockstore}) or
 * {@code blocks/} (kubo's flatfs layout, see {@link FlatFsBlockstore}), {@code datastore/}
 * (RocksDB: the pins and the pack index) and {@code identity.json}.
 *
 * <p>Thread-safe. Imports and pins share a collection lock that garbage collection takes
 * exclusively.
 */
public final class IpfsNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IpfsNode.class);
  private static final Duration SOURCE_RETRY = Duration.ofSeconds(1);

  /** Where the pins are in the node's datastore. */
  private static final String PINS = "/pins/";

  /** Where the pack index is in the node's datastore. */
  private static final String BLOCK_INDEX = "/blocks/";

  /** A small RocksDB: pins and the pack index, next to the peer's own datastore. */
  private static final RocksDbSettings DATASTORE_SETTINGS =
      RocksDbSettings.defaults().withBlockCacheBytes(8L << 20).withWriteBufferBytes(8L << 20);

  private final EmbeddedNodeConfig config;
  private final NodeIdentity identity;
  private final Blockstore blockstore;
  private final Datastore datastore;
  private final BlockSource source;
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final WriteClaims claims;
  private final BlockFetcher fetcher;
  private final Pinner pinner;
  private final GarbageCollector collector;
  private final String logPrefix;

  private IpfsNode(
      EmbeddedNodeConfig config,
      NodeIdentity identity,
      Blockstore blockstore,
      Datastore datastore,
      BlockSource source) {
    this.config = config;
    this.identity = identity;
    this.blockstore = blockstore;
    this.datastore = datastore;
    this.source = source;
    this.logPrefix = identity.peerId().shortString();
    this.claims = new WriteClaims(blockstore);
    this.fetcher = new BlockFetcher(blockstore, source, claims, config.pinTimeout(), SOURCE_RETRY);
    PinStore pins = new PinStore(datastore.namespace(PINS));
    this.pinner =
        new Pinner(blockstore, pins, fetcher, gcLock.readLock(), config.walkParallelism());
    this.collector = new GarbageCollector(blockstore, pins, pinner, gcLock.writeLock(), logPrefix);
  }

  /**
   * Opens (creating if needed) the node's repository.
   *
   * @param source where to fetch blocks the node lacks; {@link BlockSource#none()} for none
   * @throws io.ipfscluster.ipfs.blockstore.BlockstoreIoException if the blockstore cannot be opened
   *     (for example another node holds it)
   * @throws io.ipfscluster.datastore.DatastoreException if the pin datastore cannot be opened
   */
  public static IpfsNode open(EmbeddedNodeConfig config, BlockSource source) {
    Objects.requireNonNull(source, "source");
    try {
      Files.createDirectories(config.repo());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the IPFS repository " + config.repo(), e);
    }
    NodeIdentity identity = NodeIdentity.loadOrCreate(config.repo());
    BlockstoreLayout layout = layoutOf(config);
    Datastore datastore =
        RocksDbDatastore.open(config.repo().resolve("datastore"), DATASTORE_SETTINGS);
    Blockstore blockstore;
    try {
      blockstore =
          layout == BlockstoreLayout.PACKS
              ? PackBlockstore.open(
                  config.repo().resolve("packs"),
                  datastore.namespace(BLOCK_INDEX),
                  config.storageMax(),
                  config.fsync())
              : FlatFsBlockstore.open(
                  config.repo().resolve("blocks"), config.storageMax(), config.fsync());
    } catch (RuntimeException e) {
      datastore.close();
      throw e;
    }
    IpfsNode node = new IpfsNode(config, identity, blockstore, datastore, source);
    Blockstore.Usage usage = blockstore.usage();
    log.info(
        "{} IPFS node opened at {}: {} blocks, {} of {} bytes, block source: {}",
        node.logPrefix,
        config.repo(),
        usage.blocks(),
        usage.bytes(),
        usage.storageMax(),
        source);
    return node;
  }

  /**
   * The layout of the repository: the one it was created with, else the configured one.
   *
   * @throws IllegalStateException if the repository holds blocks in another layout than configured
   */
  private static BlockstoreLayout layoutOf(EmbeddedNodeConfig config) {
    boolean packs = Files.isDirectory(config.repo().resolve("packs"));
    boolean flatfs = Files.isDirectory(config.repo().resolve("blocks"));
    BlockstoreLayout found =
        packs ? BlockstoreLayout.PACKS : flatfs ? BlockstoreLayout.FLATFS : config.layout();
    if (found != config.layout()) {
      throw new IllegalStateException(
          "the IPFS repository "
              + config.repo()
              + " keeps its blocks in the "
              + found
              + " layout, not the configured "
              + config.layout()
              + ": configure "
              + found
              + " for it, or use a new repository");
    }
    return found;
  }

  public EmbeddedNodeConfig config() {
    return config;
  }

  public NodeIdentity identity() {
    return identity;
  }

  /** The blocks. Reads are free; write through {@link #beginImport()} instead. */
  public Blockstore blockstore() {
    return blockstore;
  }

  public Pinner pins() {
    return pinner;
  }

  /** Starts an import of blocks (see {@link BlockImport}); close it from the same thread. */
  public BlockImport beginImport() {
    return new BlockImport(
        claims, blockstore, config.writeParallelism(), pinner, fetcher, gcLock.readLock());
  }

  /**
   * The block's bytes: stored, or fetched from the block source (verified and stored) within the
   * pin timeout. With no block source, a missing block fails at once.
   *
   * @throws BlockNotFoundException if nobody has it
   */
  public byte[] getBlock(Cid cid) throws InterruptedException {
    byte[] local = blockstore.get(cid.multihash());
    if (local != null) {
      return local;
    }
    if (source.isNone()) {
      throw new BlockNotFoundException(
          cid, "block was not found locally (offline): ipld: could not find " + cid);
    }
    gcLock.readLock().lockInterruptibly();
    try {
      return fetcher.get(cid, null, BlockSource.Providers.NONE);
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /**
   * Removes a block unless a pin keeps it.
   *
   * @return the reason it was not removed ({@code pinned: recursive}, {@code pinned via <cid>},
   *     {@code ipld: could not find <cid>}), or null when it was removed
   * @param force whether a missing block counts as removed
   */
  public String removeBlock(Cid cid, boolean force) throws InterruptedException {
    gcLock.writeLock().lockInterruptibly();
    try {
      PinListing pin = pinner.check(cid, Pinner.allKinds());
      if (pin != null) {
        return switch (pin.kind()) {
          case RECURSIVE -> "pinned: recursive";
          case DIRECT -> "pinned: direct";
          case INDIRECT -> "pinned via " + pin.via();
        };
      }
      if (!blockstore.delete(cid.multihash()) && !force) {
        return "ipld: could not find " + cid;
      }
      return null;
    } finally {
      gcLock.writeLock().unlock();
    }
  }

  /**
   * Deletes every unpinned block, reporting each to {@code out} as it goes.
   *
   * @return how many blocks were removed
   */
  public long collectGarbage(Consumer<RepoGcKey> out) throws InterruptedException {
    return collector.collect(out);
  }

  /** The size account of the blockstore ({@code repo/stat}). */
  public Blockstore.Usage usage() {
    return blockstore.usage();
  }

  /** A short form of the node's peer ID that starts its log lines. */
  public String logPrefix() {
    return logPrefix;
  }

  /** Closes the blockstore, then the datastore (both sync first). Idempotent. */
  @Override
  public void close() {
    try {
      blockstore.close();
    } finally {
      datastore.close();
    }
    log.info("{} IPFS node closed", logPrefix);
  }
}
