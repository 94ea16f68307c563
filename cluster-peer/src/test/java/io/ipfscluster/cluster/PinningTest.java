package io.ipfscluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.GoTime;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinMode;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.components.ClusterException;
import io.ipfscluster.components.ClusterException.Kind;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multicodec;
import io.ipfscluster.multiformats.Multihash;
import io.ipfscluster.multiformats.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PinningTest {
  static final PeerId SELF = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
  static final PeerId OTHER = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

  static Cid cid(String s) {
    return Cid.v1(
        Multicodec.RAW,
        Multihash.compute(HashFunction.SHA2_256, s.getBytes(StandardCharsets.UTF_8)));
  }

  final MemoryConsensus consensus = new MemoryConsensus(List.of(SELF));

  Pinning pinning(int rmin, int rmax, boolean follower) {
    return new Pinning(
        new Pinning.Settings(rmin, rmax, follower),
        consensus,
        new ResolvingIpfs(Map.of("/ipfs/" + cid("dir") + "/a.txt", cid("a"))),
        FixedMetrics.allocation(consensus, NOW),
        InstantSource.fixed(NOW));
  }

  @Test
  void pin_defaultReplicationEverywhere_hasNoAllocations_andSecondTimestamp() {
    Pin pin = pinning(-1, -1, false).pin(cid("x"), PinOptions.defaults());

    assertThat(pin.allocations()).isEmpty();
    assertThat(pin.options().replicationFactorMin()).isEqualTo(-1);
    assertThat(pin.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(consensus.state.get(cid("x"))).contains(pin);
  }

  @Test
  void pin_replicationOne_allocatesToSelf() {
    Pin pin = pinning(1, 1, false).pin(cid("x"), PinOptions.defaults());

    assertThat(pin.allocations()).containsExactly(SELF);
  }

  @Test
  void pin_moreReplicasThanPeers_isNotEnoughPeers() {
    assertThatThrownBy(() -> pinning(2, 3, false).pin(cid("x"), PinOptions.defaults()))
        .hasMessage(
            "not enough peers to allocate CID. Needed at least: 2. Wanted at most: 3. Available"
                + " candidates: 1. See logs for more info.");
    assertThat(consensus.logged).isEmpty();
  }

  @Test
  void pin_userAllocationOnUnknownPeer_isNotChosen() {
    Pin pin =
        pinning(1, 1, false)
            .pin(cid("x"), PinOptions.defaults().withUserAllocations(List.of(OTHER)));

    assertThat(pin.allocations()).containsExactly(SELF);
  }

  @Test
  void pin_directMode_isHonoured() {
    Pin pin = pinning(-1, -1, false).pin(cid("x"), PinOptions.defaults().withMode(PinMode.DIRECT));

    assertThat(pin.maxDepth()).isZero();
    assertThat(pin.mode()).isEqualTo(PinMode.DIRECT);
  }

  @Test
  void pin_recursiveToDirect_isRefused_directToRecursiveIsNot() {
    Pinning p = pinning(-1, -1, false);
    p.pin(cid("r"), PinOptions.defaults());
    p.pin(cid("d"), PinOptions.defaults().withMode(PinMode.DIRECT));

    assertThatThrownBy(() -> p.pin(cid("r"), PinOptions.defaults().withMode(PinMode.DIRECT)))
        .hasMessageStartingWith("cannot repin a CID which is already pinned in recursive mode");
    assertThat(p.pin(cid("d"), PinOptions.defaults()).mode()).isEqualTo(PinMode.RECURSIVE);
  }

  @Test
  void pin_expiryInThePast_isRefused() {
    assertThatThrownBy(
            () ->
                pinning(-1, -1, false)
                    .pin(cid("x"), PinOptions.defaults().withExpireAt(NOW.minusSeconds(1))))
        .isInstanceOf(ClusterException.class)
        .hasMessage("pin.ExpireAt set before current time");
  }

  @Test
  void pin_inFollowerMode_isRefused() {
    assertThatThrownBy(() -> pinning(-1, -1, true).pin(cid("x"), PinOptions.defaults()))
        .hasMessage(
            "this peer is configured to be in follower mode. Write operations are disabled");
  }

  @Test
  void pin_badReplicationFactors_areInvalid() {
    Pinning p = pinning(-1, -1, false);

    assertThatThrownBy(() -> p.pin(cid("x"), PinOptions.defaults().withReplication(-1, 2)))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID));
    assertThatThrownBy(() -> p.pin(cid("x"), PinOptions.defaults().withReplication(3, 2)))
        .hasMessageContaining("larger than max");
  }

  @Test
  void repin_aboveMinimum_keepsAllocations() {
    Pinning p = pinning(1, 1, false);
    Pin first = p.pin(cid("x"), PinOptions.defaults());

    Pin again = p.pin(cid("x"), PinOptions.defaults().withName("renamed"));

    assertThat(again.allocations()).isEqualTo(first.allocations());
    assertThat(again.options().name()).isEqualTo("renamed");
  }

  @Test
  void pinPath_pinsTheResolvedCid() {
    Pin pin =
        pinning(-1, -1, false).pinPath("/ipfs/" + cid("dir") + "/a.txt", PinOptions.defaults());

    assertThat(pin.cid()).isEqualTo(cid("a"));
  }

  @Test
  void pinUpdate_copiesAllocationsAndFactors_takesNewNameAndExpiry_keepsOldPin() {
    Pinning p = pinning(1, 1, false);
    p.pin(cid("old"), PinOptions.defaults().withName("old name"));

    Pin updated =
        p.pin(
            Pin.of(
                cid("new"),
                PinOptions.defaults()
                    .withPinUpdate(cid("old"))
                    .withName("new name")
                    .withExpireAt(NOW.plus(Duration.ofHours(1)))),
            Set.of());

    assertThat(updated.cid()).isEqualTo(cid("new"));
    assertThat(updated.allocations()).containsExactly(SELF);
    assertThat(updated.options().pinUpdate()).isEqualTo(cid("old"));
    assertThat(updated.options().name()).isEqualTo("new name");
    assertThat(updated.options().expireAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(consensus.state.has(cid("old"))).isTrue();
  }

  @Test
  void pinUpdate_fromUnknownCid_isNotFound() {
    assertThatThrownBy(
            () ->
                pinning(-1, -1, false)
                    .pin(
                        Pin.of(cid("new"), PinOptions.defaults().withPinUpdate(cid("old"))),
                        Set.of()))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessage("pin is not part of the pinset");
  }

  @Test
  void unpin_absent_isNotFound_present_returnsThePinAsItWas() {
    Pinning p = pinning(-1, -1, false);
    assertThatThrownBy(() -> p.unpin(cid("x")))
        .isInstanceOfSatisfying(
            ClusterException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessage("pin is not part of the pinset");
    Pin pin = p.pin(cid("x"), PinOptions.defaults());

    assertThat(p.unpin(cid("x"))).isEqualTo(pin);
    assertThat(consensus.state.has(cid("x"))).isFalse();
  }

  @Test
  void unpin_shard_isRefused() {
    consensus.state.add(
        new Pin(
            cid("s"), PinType.SHARD, List.of(SELF), 1, null, GoTime.ZERO, PinOptions.defaults()));

    assertThatThrownBy(() -> pinning(-1, -1, false).unpin(cid("s")))
        .hasMessage("cannot unpin a shard directly. Unpin content root CID instead.");
  }

  @Test
  void unpinExpired_unpinsOnlyExpiredPinsThisPeerIsClosestTo() {
    consensus.state.add(
        Pin.of(cid("old-mine"), PinOptions.defaults().withExpireAt(NOW.minusSeconds(5))));
    consensus.state.add(
        Pin.of(cid("old-theirs"), PinOptions.defaults().withExpireAt(NOW.minusSeconds(5))));
    consensus.state.add(
        Pin.of(cid("future"), PinOptions.defaults().withExpireAt(NOW.plusSeconds(5))));

    int unpinned = pinning(-1, -1, false).unpinExpired(c -> !c.equals(cid("old-theirs")));

    assertThat(unpinned).isEqualTo(1);
    assertThat(consensus.unlogged).extracting(Pin::cid).containsExactly(cid("old-mine"));
    assertThat(consensus.state.has(cid("old-theirs"))).isTrue();
    assertThat(consensus.state.has(cid("future"))).isTrue();
  }
}
