package io.ipfscluster.cluster;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.ipfs.unixfs.CarImporter;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adding content to the cluster without sharding (spec §8.6, "single"): the entries of a request go
 * through the UnixFS importer (or, with {@code format=car}, the CAR importer), the blocks stream to
 * the IPFS nodes of the allocated peers as they are made, and the root is then pinned in the
 * cluster with the request's pin options, unless {@code no-pin}.
 *
 * <p>Allocation comes first, as the original's {@code BlockAllocate}: every live peer when pinning
 * everywhere, else the allocation of a new pin. With {@code local}, blocks go to this peer's node
 * only, and this peer replaces the last allocation when it is not among them (unless the request
 * names user allocations). Blocks reach other peers through the {@link BlockDestination}, the seam
 * where the peer network plugs in.
 *
 * <p>Memory stays flat whatever the size of the files: the importer holds a few chunks, and each
 * destination at most {@value #LANE_BYTES} bytes of blocks not yet sent.
 *
 * <p>Thread-safe: each {@link #add} runs on its caller's thread, with one virtual thread per
 * destination.
 */
public final class Adding {
  private static final Logger log = LoggerFactory.getLogger(Adding.class);

  /** The most bytes of blocks waiting for one destination. */
  static final long LANE_BYTES = 8L * 1024 * 1024;

  /** Streams the blocks of an add to the IPFS node of a peer. */
  @FunctionalInterface
  public interface BlockDestination {
    /**
     * Writes every block {@code blocks} yields to the IPFS node of {@code peer}, returning once the
     * node has stored them all; {@code blocks} blocks while the import makes more, and throws
     * {@link java.util.concurrent.CancellationException} when the add is aborted.
     */
    void stream(PeerId peer, Iterator<Block> blocks);
  }

  /** The entries of one add, in the order of the request. */
  @FunctionalInterface
  public interface EntrySource {
    /**
     * The next entry, or null after the last one. The content of a {@link ImportEntry.File} is read
     * to its end before the next call.
     *
     * @throws IOException when the request cannot be read
     */
    ImportEntry next() throws IOException;
  }

  private final PeerId self;
  private final String logPrefix;
  private final Pinning pinning;
  private final BlockDestination destination;

  Adding(PeerId self, Pinning pinning, BlockDestination destination) {
    this.self = self;
    this.logPrefix = self.shortString();
    this.pinning = pinning;
    this.destination = destination;
  }

  /**
   * The import settings of {@code params}, checked before anything is read.
   *
   * @throws IllegalArgumentException for what this peer cannot add: {@code shard=true}, {@code
   *     nocopy}, a CAR to wrap, an unknown chunker or hash function
   */
  public static ImportOptions importOptions(AddParams params) {
    if (params.shard()) {
      throw new IllegalArgumentException(
          "sharding is not supported yet: add without shard=true (ipfs-cluster-ctl add without"
              + " --shard)");
    }
    if (params.format().equals("car")) {
      if (params.wrap()) {
        throw new IllegalArgumentException("cannot wrap a CAR file upload");
      }
      if (params.noCopy()) {
        throw new IllegalArgumentException("nocopy is not supported: there is no filestore");
      }
      return null;
    }
    return ImportOptions.fromAddParams(params);
  }

  /**
   * Imports {@code entries}, streams their blocks to the allocated peers and pins the root.
   *
   * @param output receives an {@link AddedOutput} per file and directory as it is added, with the
   *     allocations, and the {@code bytes} progress items; the root comes last
   * @return the root's CID
   * @throws IllegalArgumentException for parameters {@link #importOptions} refuses, entries that
   *     clash, a request without files, or a CAR with other than one root
   * @throws ClusterException when allocation, every block destination or the pin fails
   * @throws IOException when the request cannot be read or a CAR is malformed
   */
  public Cid add(AddParams params, EntrySource entries, Consumer<AddedOutput> output)
      throws IOException {
    ImportOptions options = importOptions(params);
    PinOptions pinOptions = params.pinOptions().withMode(PinMode.RECURSIVE);
    List<PeerId> allocations = allocations(params, pinOptions);
    List<PeerId> destinations = params.local() ? List.of(self) : allocations;
    Consumer<AddedOutput> withAllocations =
        out -> output.accept(out.cid() == null ? out : withAllocations(out, allocations));
    BlockFanout blocks = new BlockFanout(logPrefix, destinations, destination, LANE_BYTES);
    AddedOutput root;
    try {
      root =
          options == null
              ? importCar(entries, blocks, withAllocations)
              : importUnixfs(options, entries, blocks, withAllocations);
      blocks.finish();
    } catch (InterruptedException e) {
      blocks.abort(e);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while adding");
    } catch (IOException | RuntimeException | Error e) {
      blocks.abort(e);
      log.error("{} error adding to cluster: {}", logPrefix, e.getMessage());
      throw e;
    }
    if (!params.noPin()) {
      pinning.pin(Pin.of(root.cid(), pinOptions).withAllocations(allocations), Set.of());
    }
    log.info("{} {} successfully added to cluster", logPrefix, root.cid());
    return root.cid();
  }

  /** The original's {@code BlockAllocate}, then {@code local}'s rule. */
  private List<PeerId> allocations(AddParams params, PinOptions options) {
    List<PeerId> allocated = new ArrayList<>(pinning.allocateBlocks(options));
    if (params.local() && !allocated.contains(self) && options.userAllocations().isEmpty()) {
      if (allocated.isEmpty()) {
        allocated.add(self);
      } else {
        allocated.set(allocated.size() - 1, self);
      }
    }
    if (allocated.isEmpty()) {
      throw Allocation.notEnoughPeers(1, 1, 0);
    }
    return List.copyOf(allocated);
  }

  private static AddedOutput importUnixfs(
      ImportOptions options, EntrySource entries, BlockFanout blocks, Consumer<AddedOutput> output)
      throws IOException {
    UnixfsImporter importer = new UnixfsImporter(options, blocks, output);
    for (ImportEntry e = entries.next(); e != null; e = entries.next()) {
      importer.add(e);
    }
    return importer.finish();
  }

  /** The first entry as a CAR file with one root; the original ignores any further entries. */
  private static AddedOutput importCar(
      EntrySource entries, BlockFanout blocks, Consumer<AddedOutput> output) throws IOException {
    ImportEntry first = entries.next();
    if (first == null) {
      throw new IllegalArgumentException("nothing to add: the request holds no files");
    }
    if (!(first instanceof ImportEntry.File file)) {
      throw new IllegalArgumentException("expected CAR file is not of type file");
    }
    return CarImporter.importCar(file.path(), file.content(), blocks, output);
  }

  private static AddedOutput withAllocations(AddedOutput out, List<PeerId> allocations) {
    return new AddedOutput(out.name(), out.cid(), out.bytes(), out.size(), allocations);
  }
}
