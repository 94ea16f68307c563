package io.ipfscluster.net.rpc;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.ipfscluster.components.Block;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.consensus.crdt.BlockFetcher;
import io.ipfscluster.consensus.crdt.DotRange;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.CidList;
import io.ipfscluster.net.rpc.wire.ConsensusGrpc;
import io.ipfscluster.net.rpc.wire.DotRanges;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches consensus (CRDT delta) blocks from other peers over {@code Consensus.FetchBlocks}, the
 * RPC side of {@link BlockFetcher}. Every block is checked against its CID before it is returned.
 * Thread-safe.
 */
public final class RpcBlockFetcher implements BlockFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(RpcBlockFetcher.class);

  private final Function<PeerId, ManagedChannel> channels;
  private final Duration callTimeout;

  public RpcBlockFetcher(PeerChannels channels, Duration callTimeout) {
    this(Objects.requireNonNull(channels, "channels")::channel, callTimeout);
  }

  /**
   * @param channels the channel to a peer (for example {@code PeerNetwork::channel})
   * @param callTimeout how long one call may take, for all the blocks it asks for
   */
  public RpcBlockFetcher(Function<PeerId, ManagedChannel> channels, Duration callTimeout) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
  }

  /** The block of {@code cid} from {@code source}, or empty if it cannot or will not give it. */
  @Override
  public Optional<byte[]> fetch(Cid cid, PeerId source) {
    try (Stream<Block> blocks = fetchAll(source, List.of(cid))) {
      return blocks.findFirst().map(Block::data);
    } catch (ClusterException e) {
      LOG.debug("cannot fetch block {} from {}: {}", cid, source, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The blocks of {@code cids} that {@code source} has, asked for in one call: when the peer lacks
   * one, the call ends there, and the blocks after it are asked for again in another call. Stops at
   * the first other failure, keeping what arrived.
   */
  @Override
  public Map<Cid, byte[]> fetchMany(List<Cid> cids, PeerId source) {
    Map<Cid, byte[]> out = new HashMap<>();
    List<Cid> rest = cids;
    while (!rest.isEmpty()) {
      int received = 0;
      try (Stream<Block> blocks = fetchAll(source, rest)) {
        for (Block b : (Iterable<Block>) blocks::iterator) {
          out.put(b.cid(), b.data());
          received++;
        }
        return out;
      } catch (RemoteCallException e) {
        if (e.code() != io.grpc.Status.Code.NOT_FOUND) {
          LOG.debug("cannot fetch {} blocks from {}: {}", rest.size(), source, e.getMessage());
          return out;
        }
      } catch (ClusterException e) {
        LOG.debug("cannot fetch {} blocks from {}: {}", rest.size(), source, e.getMessage());
        return out;
      }
      // The peer lacks rest[received]: skip it, ask for the others.
      rest = rest.subList(Math.min(rest.size(), received + 1), rest.size());
    }
    return out;
  }

  /**
   * The blocks {@code source} has of {@code range}, in one call, each checked against its CID;
   * empty if the call fails (a peer without {@code FetchRanges}, say), keeping what arrived.
   */
  @Override
  public Map<Cid, byte[]> fetchRange(DotRange range, PeerId source) {
    DotRanges request =
        DotRanges.newBuilder()
            .addRanges(
                io.ipfscluster.net.rpc.wire.DotRange.newBuilder()
                    .setWriter(ByteString.copyFrom(range.writer().toBytes()))
                    .setAfter(range.after())
                    .setUpTo(range.upTo()))
            .build();
    ConsensusGrpc.ConsensusBlockingStub stub =
        ConsensusGrpc.newBlockingStub(channels.apply(source))
            .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    Map<Cid, byte[]> out = new LinkedHashMap<>();
    try (Stream<Block> blocks =
        RemoteCalls.stream(source, () -> stub.fetchRanges(request), m -> verified(source, m))) {
      blocks.forEach(b -> out.put(b.cid(), b.data()));
    } catch (ClusterException e) {
      LOG.debug("cannot fetch the blocks of {} from {}: {}", range, source, e.getMessage());
    }
    return out;
  }

  private static Block verified(PeerId source, io.ipfscluster.net.rpc.wire.Block m) {
    Block b = new Block(Values.cid(m.getCid()), m.getData().toByteArray());
    if (!b.verify()) {
      throw new RemoteCallException(
          source,
          io.grpc.Status.Code.DATA_LOSS,
          "block " + b.cid() + " from " + source + " does not match its CID",
          null);
    }
    return b;
  }

  /**
   * Streams the blocks of {@code cids} from {@code source}, in order, within one call timeout.
   * Close the stream.
   *
   * @throws RemoteCallException (also from the stream) when the peer lacks a block ({@code
   *     NOT_FOUND}), sends one that does not match its CID ({@code DATA_LOSS}), or fails
   */
  public Stream<Block> fetchAll(PeerId source, List<Cid> cids) {
    CidList.Builder request = CidList.newBuilder();
    for (Cid c : cids) {
      request.addCids(ByteString.copyFrom(c.toBytes()));
    }
    ConsensusGrpc.ConsensusBlockingStub stub =
        ConsensusGrpc.newBlockingStub(channels.apply(source))
            .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    return RemoteCalls.stream(
        source, () -> stub.fetchBlocks(request.build()), m -> verified(source, m));
  }
}
