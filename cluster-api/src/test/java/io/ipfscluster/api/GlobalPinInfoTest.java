package io.ipfscluster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalPinInfoTest {
  private static final Cid CID = Cid.parse("QmP63DkAFEnDYNjDYBpyNDfttu1fvUw99x1brscPzpqmmq");
  private static final PeerId P1 = PeerId.parse("QmXZrtE5jQwXNqCJMfHUTQkvhQ4ZAnqMnmzFMJfLewuabc");
  private static final PeerId P2 = PeerId.parse("QmUZ13osndQ5uL4tPWHXe3iBgBgq9gfewcBMSCAuMBsDJ6");
  private static final PeerId P3 =
      PeerId.parse("12D3KooWGHTKzeT4KaLGLrbKKyT8zKrBPXAUBRzCAN6ZMDMo4M6M");
  private static final Instant T = Instant.parse("2024-05-06T10:11:12Z");

  private static PinInfo info(PeerId peer, String name, TrackerStatus status) {
    return new PinInfo(
        CID,
        name,
        peer,
        List.of(peer),
        List.of(),
        T,
        Map.of("from", name),
        PinInfoShort.of("peer-" + name, status, T));
  }

  @Test
  void add_errorEntryFirst_fillsTheEmptyGlobalInfo() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder().add(info(P1, "err", TrackerStatus.CLUSTER_ERROR)).build();

    assertThat(gpi.name()).isEqualTo("err");
    assertThat(gpi.allocations()).containsExactly(P1);
  }

  @Test
  void add_errorEntryAfterAGoodOne_keepsTheGoodTopLevelFields() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "good", TrackerStatus.PINNED))
            .add(info(P2, "err", TrackerStatus.CLUSTER_ERROR))
            .add(info(P3, "undef", TrackerStatus.UNDEFINED))
            .build();

    assertThat(gpi.name()).isEqualTo("good");
    assertThat(gpi.metadata()).containsEntry("from", "good");
    assertThat(gpi.peerMap()).containsOnlyKeys(P1, P2, P3);
    assertThat(gpi.peerMap().get(P2).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
  }

  @Test
  void add_goodEntryAfterAnErrorOne_overwritesTopLevelFields() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "err", TrackerStatus.CLUSTER_ERROR))
            .add(info(P2, "good", TrackerStatus.PINNING))
            .build();

    assertThat(gpi.name()).isEqualTo("good");
    assertThat(gpi.allocations()).containsExactly(P2);
  }

  @Test
  void add_severalGoodEntries_lastOneWins() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "first", TrackerStatus.PINNED))
            .add(info(P2, "second", TrackerStatus.PIN_ERROR))
            .build();

    assertThat(gpi.name()).isEqualTo("second");
  }

  @Test
  void add_samePeerTwice_laterStatusReplacesEarlier() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "a", TrackerStatus.PINNING))
            .add(info(P1, "a", TrackerStatus.PINNED))
            .build();

    assertThat(gpi.peerMap()).hasSize(1);
    assertThat(gpi.peerMap().get(P1).status()).isEqualTo(TrackerStatus.PINNED);
  }

  @Test
  void peerMap_isSortedByPeerIdText() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "a", TrackerStatus.PINNED))
            .add(info(P2, "b", TrackerStatus.PINNED))
            .add(info(P3, "c", TrackerStatus.PINNED))
            .build();

    assertThat(gpi.peerMap().keySet()).containsExactly(P3, P2, P1);
  }

  @Test
  void build_withoutEntries_isRejected() {
    assertThatThrownBy(() -> GlobalPinInfo.builder().build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void add_entryWithoutPeer_isRejected() {
    PinInfo noPeer = info(P1, "a", TrackerStatus.PINNED);
    PinInfo stripped =
        new PinInfo(CID, "a", null, List.of(), List.of(), T, Map.of(), noPeer.peerStatus());

    assertThatThrownBy(() -> GlobalPinInfo.builder().add(stripped))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("peer");
  }

  @Test
  void matches_trueWhenAnyPeerMatches() {
    GlobalPinInfo gpi =
        GlobalPinInfo.builder()
            .add(info(P1, "a", TrackerStatus.PINNED))
            .add(info(P2, "b", TrackerStatus.PIN_ERROR))
            .build();

    assertThat(gpi.matches(StatusFilter.ERROR)).isTrue();
    assertThat(gpi.matches(StatusFilter.QUEUED)).isFalse();
  }

  @Test
  void of_singleReport_isOnePeerGlobalInfo() {
    GlobalPinInfo gpi = GlobalPinInfo.of(info(P1, "a", TrackerStatus.REMOTE));

    assertThat(gpi.cid()).isEqualTo(CID);
    assertThat(gpi.peerMap()).containsOnlyKeys(P1);
  }
}
