package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.ipfscluster.ipfs.node.BlockSource.Providers;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.net.rpc.wire.BlockData;
import io.ipfscluster.net.rpc.wire.CidArg;
import io.ipfscluster.net.rpc.wire.IPFSConnectorGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order in which {@link PeerBlockSource} asks the other peers for a block, on loopback networks
 * whose peers serve {@code BlockGetLocal} and note that they were asked.
 */
@Timeout(60)
class PeerBlockSourceTest {
  private static final byte[] SECRET =
      HexFormat.of().parseHex("6a1c9e0f5b2d47e8a3c1f0d9b8e7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9");

  @RegisterExtension final LoopbackNetworks networks = new LoopbackNetworks(SECRET);

  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final byte[] heldData = utf8("a block only e stores");
  private final Cid held = cidOf(heldData);
  private final Cid missing = cidOf(utf8("a block nobody stores"));
  private final PeerId cIpfsNode = peerId("the IPFS node of c");
  private PeerNetwork self;
  private PeerNetwork b;
  private PeerNetwork c;
  private PeerNetwork d;
  private PeerNetwork e;
  private PeerBlockSource source;

  @BeforeEach
  void startPeers() throws IOException {
    self = networks.start("self", List.of(new RecordingBlocks("self", Map.of())));
    b = holder("b", Map.of());
    c = holder("c", Map.of());
    d = holder("d", Map.of());
    e = holder("e", Map.of(held, heldData));
    assertThat(self.peers()).containsExactlyInAnyOrder(b.self(), c.self(), d.self(), e.self());
    source =
        new PeerBlockSource(
            () -> self,
            node -> node.equals(cIpfsNode) ? Optional.of(c.self()) : Optional.empty(),
            Duration.ofSeconds(10));
  }

  /** A peer joined to {@link #self} whose node stores {@code stored}. */
  private PeerNetwork holder(String name, Map<Cid, byte[]> stored) throws IOException {
    PeerNetwork n = networks.start(name, List.of(new RecordingBlocks(name, stored)));
    n.join(self.addresses().getFirst());
    return n;
  }

  @Test
  void fetch_withProviders_asksAllocationsThenOriginOwnersThenLastGoodThenTheRest()
      throws Exception {
    assertThat(source.fetch(held)).isEqualTo(heldData); // e gave the last block
    asked.clear();
    PeerId stranger = peerId("a peer the network does not know");
    Providers providers =
        new Providers(
            List.of(d.self(), self.self(), stranger, d.self()),
            List.of(peerId("an unknown IPFS node"), cIpfsNode));

    byte[] got = source.fetch(missing, providers);

    assertThat(got).isNull();
    assertThat(asked).containsExactly("d", "c", "e", "b");
  }

  @Test
  void fetch_withAnAllocationHoldingTheBlock_asksOnlyIt() throws Exception {
    byte[] got = source.fetch(held, new Providers(List.of(e.self()), List.of()));

    assertThat(got).isEqualTo(heldData);
    assertThat(asked).containsExactly("e");
  }

  @Test
  void fetch_withTheOriginOfTheHolder_asksOnlyItsClusterPeer() throws Exception {
    PeerBlockSource byOrigin =
        new PeerBlockSource(
            () -> self,
            node -> node.equals(cIpfsNode) ? Optional.of(e.self()) : Optional.empty(),
            Duration.ofSeconds(10));

    byte[] got = byOrigin.fetch(held, new Providers(List.of(), List.of(cIpfsNode)));

    assertThat(got).isEqualTo(heldData);
    assertThat(asked).containsExactly("e");
  }

  @Test
  void fetch_withoutProviders_asksTheLastGoodPeerFirst_thenEveryOtherPeerOnce() throws Exception {
    assertThat(source.fetch(held)).isEqualTo(heldData);
    asked.clear();

    assertThat(source.fetch(missing)).isNull();

    assertThat(asked).hasSize(4).startsWith("e").containsExactlyInAnyOrder("b", "c", "d", "e");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Cid cidOf(byte[] data) {
    return Cid.v1(Multicodec.RAW, Multihash.compute(HashFunction.SHA2_256, data));
  }

  private static PeerId peerId(String seed) {
    return PeerId.of(Multihash.compute(HashFunction.SHA2_256, utf8(seed)));
  }

  /**
   * Serves {@code BlockGetLocal} from a fixed set of blocks, noting each call in {@link #asked}.
   */
  private final class RecordingBlocks extends IPFSConnectorGrpc.IPFSConnectorImplBase {
    private final String name;
    private final Map<Cid, byte[]> stored;

    RecordingBlocks(String name, Map<Cid, byte[]> stored) {
      this.name = name;
      this.stored = stored;
    }

    @Override
    public void blockGetLocal(CidArg request, StreamObserver<BlockData> out) {
      asked.add(name);
      byte[] data = stored.get(Cid.fromBytes(request.getCid().toByteArray()));
      if (data == null) {
        out.onError(Status.NOT_FOUND.withDescription("not stored here").asRuntimeException());
        return;
      }
      out.onNext(BlockData.newBuilder().setData(ByteString.copyFrom(data)).build());
      out.onCompleted();
    }
  }
}
