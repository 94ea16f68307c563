package io.ipfscluster.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.MultiformatException;
import io.ipfscluster.multiformats.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerIdCacheTest {
  private static List<PeerId> peers(int n) {
    SplittableRandom random = new SplittableRandom(3);
    List<PeerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      out.add(PeerId.fromEd25519PublicKey(key));
    }
    return out;
  }

  @Test
  void fromBytes_morePeersThanSlots_decodesEachCorrectly() {
    PeerIdCache cache = new PeerIdCache();
    List<PeerId> peers = peers(PeerIdCache.SLOTS * 4);
    for (int round = 0; round < 2; round++) {
      for (PeerId p : peers) {
        PeerId decoded = cache.fromBytes(p.toBytes());
        assertThat(decoded).isEqualTo(p);
        assertThat(decoded.toString()).isEqualTo(p.toString());
      }
    }
  }

  @Test
  void fromBytes_samePeerAgain_returnsTheSameObject() {
    PeerIdCache cache = new PeerIdCache();
    PeerId peer = peers(1).get(0);

    assertThat(cache.fromBytes(peer.toBytes())).isSameAs(cache.fromBytes(peer.toBytes()));
  }

  @Test
  void fromBytes_invalidBytes_throwsAsPeerIdDoes() {
    PeerIdCache cache = new PeerIdCache();

    assertThatThrownBy(() -> cache.fromBytes(new byte[] {0x12, 0x05, 1}))
        .isInstanceOf(MultiformatException.class)
        .hasMessageStartingWith("invalid peer ID");
  }
}
