package io.ipfscluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Metric;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Matching IPFS nodes to the cluster peers that run them, through the peers' pings. */
class IpfsNodeOwnersTest {
  private final PeerId clusterA = peerId("cluster a");
  private final PeerId clusterB = peerId("cluster b");
  private final PeerId ipfsA = peerId("ipfs a");
  private final PeerId ipfsB = peerId("ipfs b");
  private final AtomicReference<List<Metric>> pings = new AtomicReference<>(List.of());
  private final IpfsNodeOwners owners =
      new IpfsNodeOwners(
          () ->
              new PeerMetrics() {
                @Override
                public List<String> metricNames() {
                  return List.of("ping");
                }

                @Override
                public List<Metric> latest(String name) {
                  return name.equals("ping") ? pings.get() : List.of();
                }
              });

  @Test
  void apply_ipfsNodeNamedInAPing_isThatPingsPeer() {
    pings.set(List.of(ping(clusterA, ipfsA), ping(clusterB, ipfsB)));

    assertThat(owners.apply(ipfsB)).contains(clusterB);
    assertThat(owners.apply(ipfsA)).contains(clusterA);
  }

  @Test
  void apply_beforeMetricsAreKnown_isEmpty() {
    IpfsNodeOwners notStarted = new IpfsNodeOwners(() -> null);

    assertThat(notStarted.apply(ipfsA)).isEmpty();
  }

  @Test
  void apply_ipfsNodeNobodyPingsWith_isEmpty() {
    pings.set(
        List.of(
            ping(clusterA, ipfsA), new Metric("ping", clusterB, "not json", 0, true, 0, false, 0)));

    assertThat(owners.apply(ipfsB)).isEmpty();
  }

  @Test
  void apply_afterAPeerChangedItsIpfsNode_followsTheNewPing() {
    pings.set(List.of(ping(clusterA, ipfsA)));
    assertThat(owners.apply(ipfsA)).contains(clusterA);

    pings.set(List.of(ping(clusterA, ipfsB)));

    assertThat(owners.apply(ipfsA)).isEmpty();
    assertThat(owners.apply(ipfsB)).contains(clusterA);
  }

  private static Metric ping(PeerId peer, PeerId ipfsNode) {
    String value = "{\"peer_name\":\"p\",\"ipfs_id\":\"" + ipfsNode + "\"}";
    return new Metric("ping", peer, value, 0, true, 0, false, 0);
  }

  private static PeerId peerId(String seed) {
    return PeerId.of(
        Multihash.compute(HashFunction.SHA2_256, seed.getBytes(StandardCharsets.UTF_8)));
  }
}
