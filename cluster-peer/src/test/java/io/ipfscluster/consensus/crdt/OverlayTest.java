package io.ipfscluster.consensus.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.datastore.MemoryDatastore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OverlayTest {
  private final MemoryDatastore store = new MemoryDatastore();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void get_keyReadBefore_isAnsweredWithoutTheDatastore() {
    store.put(bytes("k"), bytes("v1"));
    Overlay overlay = new Overlay(store);
    assertThat(overlay.get(bytes("k"))).isEqualTo(bytes("v1"));
    assertThat(overlay.has(bytes("absent"))).isFalse();

    // The replica's writer is the only one changing its keys: a second read is the first's.
    store.put(bytes("k"), bytes("v2"));
    store.put(bytes("absent"), bytes("now here"));
    assertThat(overlay.get(bytes("k"))).isEqualTo(bytes("v1"));
    assertThat(overlay.has(bytes("absent"))).isFalse();
  }

  @Test
  void get_beyondTheRememberedReads_readsTheDatastoreAgain() {
    Overlay overlay = new Overlay(store);
    for (int i = 0; i < Overlay.REMEMBERED_READS; i++) {
      overlay.get(bytes("filler " + i));
    }
    store.put(bytes("late"), bytes("v1"));
    assertThat(overlay.get(bytes("late"))).isEqualTo(bytes("v1"));

    store.put(bytes("late"), bytes("v2"));
    assertThat(overlay.get(bytes("late"))).isEqualTo(bytes("v2"));
  }

  @Test
  void get_ownWrites_winOverRememberedReads() {
    store.put(bytes("k"), bytes("stored"));
    Overlay overlay = new Overlay(store);
    assertThat(overlay.get(bytes("k"))).isEqualTo(bytes("stored"));
    overlay.put(bytes("k"), bytes("written"));
    assertThat(overlay.get(bytes("k"))).isEqualTo(bytes("written"));
    overlay.delete(bytes("k"));
    assertThat(overlay.get(bytes("k"))).isNull();
    assertThat(overlay.has(bytes("k"))).isFalse();
  }
}
