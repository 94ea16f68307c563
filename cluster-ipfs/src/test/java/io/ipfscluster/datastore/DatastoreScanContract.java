package io.ipfscluster.datastore;

import static io.ipfscluster.datastore.DatastoreContract.b;
import static io.ipfscluster.datastore.DatastoreContract.bytes;
import static io.ipfscluster.datastore.DatastoreContract.hex;
import static io.ipfscluster.datastore.DatastoreContract.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link DatastoreContract} about order: unsigned key order, prefix scans and
 * cursors, counts, and {@code deletePrefix}. Mixed into {@link DatastoreContract}, which supplies
 * the store.
 */
interface DatastoreScanContract {
  /** The store under test, fresh and empty for every test. */
  Datastore store();

  // ---- ordering and prefix scans ----

  @Test
  default void iterate_keysWithLowAndHighBytes_returnsUnsignedOrder() {
    for (byte[] key :
        List.of(
            bytes(0xFF), bytes(0x80), bytes(0x7F), bytes(0x00), bytes(0xFF, 0x00), bytes(0x01))) {
      store().put(key, key);
    }

    assertThat(keys(store().iterate(KeyRange.EMPTY)))
        .containsExactly("00", "01", "7f", "80", "ff", "ff00");
  }

  @Test
  default void iterate_prefix_returnsExactlyKeysUnderPrefix() {
    for (byte[] key :
        List.of(
            bytes(0x10),
            bytes(0x10, 0x1F),
            bytes(0x10, 0x20),
            bytes(0x10, 0x20, 0x00),
            bytes(0x10, 0x20, 0xFF, 0xFF),
            bytes(0x10, 0x21),
            bytes(0x11))) {
      store().put(key, b("v"));
    }

    assertThat(keys(store().iterate(bytes(0x10, 0x20))))
        .containsExactly("1020", "102000", "1020ffff");
  }

  @Test
  default void iterate_prefixOfFfBytes_returnsKeysUpToTheEnd() {
    for (byte[] key :
        List.of(
            bytes(0xFE, 0xFF),
            bytes(0xFF),
            bytes(0xFF, 0xFE),
            bytes(0xFF, 0xFF),
            bytes(0xFF, 0xFF, 0x00),
            bytes(0xFF, 0xFF, 0xFF, 0xFF))) {
      store().put(key, b("v"));
    }

    assertThat(keys(store().iterate(bytes(0xFF, 0xFF))))
        .containsExactly("ffff", "ffff00", "ffffffff");
    assertThat(keys(store().iterate(bytes(0xFF))))
        .containsExactly("ff", "fffe", "ffff", "ffff00", "ffffffff");
  }

  @Test
  default void iterate_emptyPrefix_returnsEverythingWithValues() {
    store().put(bytes(0x00), b("a"));
    store().put(b("m"), b("b"));
    store().put(bytes(0xFF, 0xFF), b("c"));

    List<String> entries = new ArrayList<>();
    try (Cursor cursor = store().iterate(KeyRange.EMPTY)) {
      while (cursor.next()) {
        entries.add(hex(cursor.key()) + "=" + new String(cursor.value(), StandardCharsets.UTF_8));
      }
    }

    assertThat(entries).containsExactly("00=a", "6d=b", "ffff=c");
  }

  @Test
  default void iterate_afterKey_startsStrictlyAfterIt() {
    for (String key : List.of("p/a", "p/b", "p/c", "q/a")) {
      store().put(b(key), b("v"));
    }

    assertThat(keys(store().iterate(b("p/"), b("p/a")))).containsExactly(hex("p/b"), hex("p/c"));
    assertThat(keys(store().iterate(b("p/"), b("p/ab")))).containsExactly(hex("p/b"), hex("p/c"));
    assertThat(keys(store().iterate(b("p/"), b("p/c")))).isEmpty();
  }

  @Test
  default void iterate_afterKeyOutsidePrefix_isClampedToPrefix() {
    for (String key : List.of("o/z", "p/a", "p/b", "q/a")) {
      store().put(b(key), b("v"));
    }

    assertThat(keys(store().iterate(b("p/"), b("o/z")))).containsExactly(hex("p/a"), hex("p/b"));
    assertThat(keys(store().iterate(b("p/"), b("p")))).containsExactly(hex("p/a"), hex("p/b"));
    assertThat(keys(store().iterate(b("p/"), b("q/")))).isEmpty();
    assertThat(keys(store().iterate(bytes(0xFF), bytes(0xFF, 0xFF)))).isEmpty();
  }

  @Test
  default void iterate_pagesOfThree_visitEveryKeyOnceInOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      store().put(b("k" + i), b("v"));
      expected.add(hex("k" + i));
    }

    List<String> seen = new ArrayList<>();
    byte[] after = null;
    while (true) {
      int page = 0;
      try (Cursor cursor = store().iterate(b("k"), after)) {
        while (page < 3 && cursor.next()) {
          after = cursor.key();
          seen.add(hex(after));
          page++;
        }
      }
      if (page < 3) {
        break;
      }
    }

    assertThat(seen).isEqualTo(expected);
  }

  @Test
  default void cursor_beforeFirstNext_isNotOnAnEntry() {
    store().put(b("k"), b("v"));

    try (Cursor cursor = store().iterate(KeyRange.EMPTY)) {
      assertThatIllegalStateException().isThrownBy(cursor::key);
      assertThatIllegalStateException().isThrownBy(cursor::value);
    }
  }

  @Test
  default void cursor_exhausted_keepsReturningFalse() {
    store().put(b("k"), b("v"));

    try (Cursor cursor = store().iterate(KeyRange.EMPTY)) {
      assertThat(cursor.next()).isTrue();
      assertThat(cursor.next()).isFalse();
      assertThat(cursor.next()).isFalse();
      assertThatIllegalStateException().isThrownBy(cursor::key);
    }
  }

  @Test
  default void cursor_closed_rejectsNextAndCloseIsIdempotent() {
    store().put(b("k"), b("v"));
    Cursor cursor = store().iterate(KeyRange.EMPTY);

    cursor.close();
    cursor.close();

    assertThatIllegalStateException().isThrownBy(cursor::next);
  }

  @Test
  default void count_prefix_countsKeysUnderIt() {
    for (String key : List.of("a/1", "a/2", "a/3", "b/1")) {
      store().put(b(key), b("v"));
    }

    assertThat(store().count(b("a/"))).isEqualTo(3);
    assertThat(store().count(b("c/"))).isZero();
    assertThat(store().count(KeyRange.EMPTY)).isEqualTo(4);
  }

  @Test
  default void approximateSizeBytes_anyPrefix_isNotNegative() {
    store().put(b("a/1"), new byte[1000]);

    assertThat(store().approximateSizeBytes()).isNotNegative();
    assertThat(store().approximateSizeBytes(b("a/"))).isNotNegative();
    assertThat(store().approximateSizeBytes(bytes(0xFF))).isNotNegative();
  }

  // ---- deletePrefix ----

  @Test
  default void deletePrefix_prefix_removesOnlyKeysUnderIt() {
    for (String key : List.of("a", "a/", "a/1", "a/2/x", "a0", "b")) {
      store().put(b(key), b("v"));
    }

    store().deletePrefix(b("a/"));

    assertThat(keys(store().iterate(KeyRange.EMPTY)))
        .containsExactly(hex("a"), hex("a0"), hex("b"));
  }

  @Test
  default void deletePrefix_prefixOfFfBytes_removesKeysUpToTheEnd() {
    for (byte[] key :
        List.of(bytes(0xFE), bytes(0xFF), bytes(0xFF, 0x00), bytes(0xFF, 0xFF, 0xFF))) {
      store().put(key, b("v"));
    }

    store().deletePrefix(bytes(0xFF));

    assertThat(keys(store().iterate(KeyRange.EMPTY))).containsExactly("fe");
  }

  @Test
  default void deletePrefix_emptyPrefix_removesEverything() {
    for (byte[] key : List.of(new byte[0], bytes(0x00), b("m"), bytes(0xFF), bytes(0xFF, 0xFF))) {
      store().put(key, b("v"));
    }

    store().deletePrefix(KeyRange.EMPTY);

    assertThat(store().count(KeyRange.EMPTY)).isZero();
  }

  @Test
  default void deletePrefix_emptyPrefix_removesLongFfKey() {
    // Leaves room for the prefix of a namespace view.
    byte[] longest = new byte[Datastore.MAX_KEY_BYTES - 16];
    Arrays.fill(longest, (byte) 0xFF);
    store().put(longest, b("v"));

    store().deletePrefix(KeyRange.EMPTY);

    assertThat(store().has(longest)).isFalse();
  }

  @Test
  default void put_keyLongerThanMaximum_isRejected() {
    byte[] tooLong = new byte[Datastore.MAX_KEY_BYTES + 1];

    assertThatIllegalArgumentException()
        .isThrownBy(() -> store().put(tooLong, b("v")))
        .withMessageContaining("MAX_KEY_BYTES");
    try (Batch batch = store().newBatch()) {
      assertThatIllegalArgumentException().isThrownBy(() -> batch.put(tooLong, b("v")));
    }
  }
}
