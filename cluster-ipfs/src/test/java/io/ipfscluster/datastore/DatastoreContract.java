package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link Datastore} must have. A test class per implementation extends it and
 * says how to make a fresh, empty store; other modules reuse it through the cluster-peer test-jar.
 *
 * <p>Keys in failure messages are shown in hex. Not thread-safe (one instance per test, as JUnit
 * creates them).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DatastoreContract {

  /** The store under test, fresh and empty for every test, closed after it. */
  protected Datastore store;

  /** Returns a new, empty store; the contract closes it after the test. */
  protected abstract Datastore newDatastore();

  /**
   * Closes {@code current} and opens the same store again, for stores that persist; the default,
   * for stores that do not, returns {@code current} unchanged.
   */
  protected Datastore reopen(Datastore current) {
    return current;
  }

  @BeforeEach
  void openStore() {
    store = newDatastore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- point reads and writes ----

  @Test
  void get_absentKey_returnsNull() {
    assertThat(store.get(b("missing"))).isNull();
    assertThat(store.has(b("missing"))).isFalse();
  }

  @Test
  void put_newKey_isReadBack() {
    store.put(b("k"), b("v"));

    assertThat(store.get(b("k"))).isEqualTo(b("v"));
    assertThat(store.has(b("k"))).isTrue();
  }

  @Test
  void put_existingKey_replacesValue() {
    store.put(b("k"), b("old"));
    store.put(b("k"), b("new"));

    assertThat(store.get(b("k"))).isEqualTo(b("new"));
    assertThat(store.count(KeyRange.EMPTY)).isEqualTo(1);
  }

  @Test
  void put_emptyValue_isStoredAndPresent() {
    store.put(b("k"), new byte[0]);

    assertThat(store.get(b("k"))).isEmpty();
    assertThat(store.has(b("k"))).isTrue();
  }

  @Test
  void put_emptyKey_isStoredAndSortsFirst() {
    store.put(bytes(0x00), b("zero"));
    store.put(new byte[0], b("empty"));

    assertThat(store.get(new byte[0])).isEqualTo(b("empty"));
    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly("", "00");
  }

  @Test
  void put_callerChangesArraysAfterwards_storedEntryUnchanged() {
    byte[] key = b("k");
    byte[] value = b("v");
    store.put(key, value);
    key[0] = 'x';
    value[0] = 'x';
    store.get(b("k"))[0] = 'y';

    assertThat(store.get(b("k"))).isEqualTo(b("v"));
    assertThat(store.has(b("x"))).isFalse();
  }

  @Test
  void delete_presentKey_removesOnlyThatKey() {
    store.put(b("a"), b("1"));
    store.put(b("b"), b("2"));

    store.delete(b("a"));

    assertThat(store.get(b("a"))).isNull();
    assertThat(store.has(b("a"))).isFalse();
    assertThat(store.get(b("b"))).isEqualTo(b("2"));
  }

  @Test
  void delete_absentKey_doesNothing() {
    store.put(b("a"), b("1"));

    store.delete(b("b"));

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly(hex(b("a")));
  }

  @Test
  void nullArgument_anyOperation_isRejected() {
    assertThatNullPointerException().isThrownBy(() -> store.get(null));
    assertThatNullPointerException().isThrownBy(() -> store.has(null));
    assertThatNullPointerException().isThrownBy(() -> store.put(null, b("v")));
    assertThatNullPointerException().isThrownBy(() -> store.put(b("k"), null));
    assertThatNullPointerException().isThrownBy(() -> store.delete(null));
    assertThatNullPointerException().isThrownBy(() -> store.deletePrefix(null));
    assertThatNullPointerException().isThrownBy(() -> store.iterate(null));
    assertThat(store.has(b("k"))).isFalse();
  }

  // ---- ordering and prefix scans ----

  @Test
  void iterate_keysWithLowAndHighBytes_returnsUnsignedOrder() {
    for (byte[] key :
        List.of(
            bytes(0xFF), bytes(0x80), bytes(0x7F), bytes(0x00), bytes(0xFF, 0x00), bytes(0x01))) {
      store.put(key, key);
    }

    assertThat(keys(store.iterate(KeyRange.EMPTY)))
        .containsExactly("00", "01", "7f", "80", "ff", "ff00");
  }

  @Test
  void iterate_prefix_returnsExactlyKeysUnderPrefix() {
    for (byte[] key :
        List.of(
            bytes(0x10),
            bytes(0x10, 0x1F),
            bytes(0x10, 0x20),
            bytes(0x10, 0x20, 0x00),
            bytes(0x10, 0x20, 0xFF, 0xFF),
            bytes(0x10, 0x21),
            bytes(0x11))) {
      store.put(key, b("v"));
    }

    assertThat(keys(store.iterate(bytes(0x10, 0x20))))
        .containsExactly("1020", "102000", "1020ffff");
  }

  @Test
  void iterate_prefixOfFfBytes_returnsKeysUpToTheEnd() {
    for (byte[] key :
        List.of(
            bytes(0xFE, 0xFF),
            bytes(0xFF),
            bytes(0xFF, 0xFE),
            bytes(0xFF, 0xFF),
            bytes(0xFF, 0xFF, 0x00),
            bytes(0xFF, 0xFF, 0xFF, 0xFF))) {
      store.put(key, b("v"));
    }

    assertThat(keys(store.iterate(bytes(0xFF, 0xFF))))
        .containsExactly("ffff", "ffff00", "ffffffff");
    assertThat(keys(store.iterate(bytes(0xFF))))
        .containsExactly("ff", "fffe", "ffff", "ffff00", "ffffffff");
  }

  @Test
  void iterate_emptyPrefix_returnsEverythingWithValues() {
    store.put(bytes(0x00), b("a"));
    store.put(b("m"), b("b"));
    store.put(bytes(0xFF, 0xFF), b("c"));

    List<String> entries = new ArrayList<>();
    try (Cursor cursor = store.iterate(KeyRange.EMPTY)) {
      while (cursor.next()) {
        entries.add(hex(cursor.key()) + "=" + new String(cursor.value(), StandardCharsets.UTF_8));
      }
    }

    assertThat(entries).containsExactly("00=a", "6d=b", "ffff=c");
  }

  @Test
  void iterate_afterKey_startsStrictlyAfterIt() {
    for (String key : List.of("p/a", "p/b", "p/c", "q/a")) {
      store.put(b(key), b("v"));
    }

    assertThat(keys(store.iterate(b("p/"), b("p/a")))).containsExactly(hex("p/b"), hex("p/c"));
    assertThat(keys(store.iterate(b("p/"), b("p/ab")))).containsExactly(hex("p/b"), hex("p/c"));
    assertThat(keys(store.iterate(b("p/"), b("p/c")))).isEmpty();
  }

  @Test
  void iterate_afterKeyOutsidePrefix_isClampedToPrefix() {
    for (String key : List.of("o/z", "p/a", "p/b", "q/a")) {
      store.put(b(key), b("v"));
    }

    assertThat(keys(store.iterate(b("p/"), b("o/z")))).containsExactly(hex("p/a"), hex("p/b"));
    assertThat(keys(store.iterate(b("p/"), b("p")))).containsExactly(hex("p/a"), hex("p/b"));
    assertThat(keys(store.iterate(b("p/"), b("q/")))).isEmpty();
    assertThat(keys(store.iterate(bytes(0xFF), bytes(0xFF, 0xFF)))).isEmpty();
  }

  @Test
  void iterate_pagesOfThree_visitEveryKeyOnceInOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      store.put(b("k" + i), b("v"));
      expected.add(hex("k" + i));
    }

    List<String> seen = new ArrayList<>();
    byte[] after = null;
    while (true) {
      int page = 0;
      try (Cursor cursor = store.iterate(b("k"), after)) {
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
  void cursor_beforeFirstNext_isNotOnAnEntry() {
    store.put(b("k"), b("v"));

    try (Cursor cursor = store.iterate(KeyRange.EMPTY)) {
      assertThatIllegalStateException().isThrownBy(cursor::key);
      assertThatIllegalStateException().isThrownBy(cursor::value);
    }
  }

  @Test
  void cursor_exhausted_keepsReturningFalse() {
    store.put(b("k"), b("v"));

    try (Cursor cursor = store.iterate(KeyRange.EMPTY)) {
      assertThat(cursor.next()).isTrue();
      assertThat(cursor.next()).isFalse();
      assertThat(cursor.next()).isFalse();
      assertThatIllegalStateException().isThrownBy(cursor::key);
    }
  }

  @Test
  void cursor_closed_rejectsNextAndCloseIsIdempotent() {
    store.put(b("k"), b("v"));
    Cursor cursor = store.iterate(KeyRange.EMPTY);

    cursor.close();
    cursor.close();

    assertThatIllegalStateException().isThrownBy(cursor::next);
  }

  @Test
  void count_prefix_countsKeysUnderIt() {
    for (String key : List.of("a/1", "a/2", "a/3", "b/1")) {
      store.put(b(key), b("v"));
    }

    assertThat(store.count(b("a/"))).isEqualTo(3);
    assertThat(store.count(b("c/"))).isZero();
    assertThat(store.count(KeyRange.EMPTY)).isEqualTo(4);
  }

  @Test
  void approximateSizeBytes_anyPrefix_isNotNegative() {
    store.put(b("a/1"), new byte[1000]);

    assertThat(store.approximateSizeBytes()).isNotNegative();
    assertThat(store.approximateSizeBytes(b("a/"))).isNotNegative();
    assertThat(store.approximateSizeBytes(bytes(0xFF))).isNotNegative();
  }

  // ---- deletePrefix ----

  @Test
  void deletePrefix_prefix_removesOnlyKeysUnderIt() {
    for (String key : List.of("a", "a/", "a/1", "a/2/x", "a0", "b")) {
      store.put(b(key), b("v"));
    }

    store.deletePrefix(b("a/"));

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly(hex("a"), hex("a0"), hex("b"));
  }

  @Test
  void deletePrefix_prefixOfFfBytes_removesKeysUpToTheEnd() {
    for (byte[] key :
        List.of(bytes(0xFE), bytes(0xFF), bytes(0xFF, 0x00), bytes(0xFF, 0xFF, 0xFF))) {
      store.put(key, b("v"));
    }

    store.deletePrefix(bytes(0xFF));

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly("fe");
  }

  @Test
  void deletePrefix_emptyPrefix_removesEverything() {
    for (byte[] key : List.of(new byte[0], bytes(0x00), b("m"), bytes(0xFF), bytes(0xFF, 0xFF))) {
      store.put(key, b("v"));
    }

    store.deletePrefix(KeyRange.EMPTY);

    assertThat(store.count(KeyRange.EMPTY)).isZero();
  }

  @Test
  void deletePrefix_emptyPrefix_removesLongFfKey() {
    // Leaves room for the prefix of a namespace view.
    byte[] longest = new byte[Datastore.MAX_KEY_BYTES - 16];
    Arrays.fill(longest, (byte) 0xFF);
    store.put(longest, b("v"));

    store.deletePrefix(KeyRange.EMPTY);

    assertThat(store.has(longest)).isFalse();
  }

  @Test
  void put_keyLongerThanMaximum_isRejected() {
    byte[] tooLong = new byte[Datastore.MAX_KEY_BYTES + 1];

    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.put(tooLong, b("v")))
        .withMessageContaining("MAX_KEY_BYTES");
    try (Batch batch = store.newBatch()) {
      assertThatIllegalArgumentException().isThrownBy(() -> batch.put(tooLong, b("v")));
    }
  }

  // ---- batches ----

  @Test
  void batch_deletePrefixAfterPutsInSameBatch_removesThem() {
    store.put(bytes(0xFF, 0x01), b("v"));
    try (Batch batch = store.newBatch()) {
      batch.put(bytes(0xFF, 0xFF), b("v")).put(b("m"), b("v"));
      batch.deletePrefix(bytes(0xFF));
      batch.put(bytes(0x00), b("v")).put(bytes(0xFF, 0xFF, 0xFF), b("v"));
      batch.deletePrefix(KeyRange.EMPTY);
      batch.put(b("last"), b("v"));
      batch.commit(true);
    }

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly(hex("last"));
  }

  @Test
  void batch_beforeCommit_isInvisible() {
    store.put(b("gone"), b("v"));
    try (Batch batch = store.newBatch()) {
      batch.put(b("new"), b("v")).delete(b("gone"));

      assertThat(store.has(b("new"))).isFalse();
      assertThat(store.has(b("gone"))).isTrue();
      assertThat(store.count(KeyRange.EMPTY)).isEqualTo(1);

      batch.commit(true);
    }

    assertThat(store.has(b("new"))).isTrue();
    assertThat(store.has(b("gone"))).isFalse();
  }

  @Test
  void batch_commit_appliesOperationsInOrder() {
    store.put(b("c"), b("old"));
    try (Batch batch = store.newBatch()) {
      batch.put(b("a"), b("1")).delete(b("a"));
      batch.delete(b("b")).put(b("b"), b("2"));
      batch.put(b("c"), b("3")).put(b("c"), b("4"));
      batch.commit(false);
    }

    assertThat(store.get(b("a"))).isNull();
    assertThat(store.get(b("b"))).isEqualTo(b("2"));
    assertThat(store.get(b("c"))).isEqualTo(b("4"));
  }

  @Test
  void batch_deletePrefixThenPut_keepsTheLaterPut() {
    store.put(b("p/old"), b("v"));
    store.put(b("q/keep"), b("v"));
    try (Batch batch = store.newBatch()) {
      batch.put(b("p/early"), b("v"));
      batch.deletePrefix(b("p/"));
      batch.put(b("p/late"), b("v"));
      batch.commit(true);
    }

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly(hex("p/late"), hex("q/keep"));
  }

  @Test
  void batch_closedWithoutCommit_isDiscarded() {
    Batch batch = store.newBatch();
    batch.put(b("k"), b("v"));

    batch.close();
    batch.close();

    assertThat(store.has(b("k"))).isFalse();
    assertThatIllegalStateException().isThrownBy(() -> batch.commit(true));
    assertThatIllegalStateException().isThrownBy(() -> batch.put(b("k"), b("v")));
  }

  @Test
  void batch_afterCommit_rejectsMoreWrites() {
    try (Batch batch = store.newBatch()) {
      batch.put(b("k"), b("v"));
      batch.commit(true);

      assertThatIllegalStateException()
          .isThrownBy(() -> batch.put(b("k2"), b("v")))
          .withMessageContaining("committed");
      assertThatIllegalStateException().isThrownBy(() -> batch.commit(true));
    }
    assertThat(store.has(b("k2"))).isFalse();
  }

  @Test
  void batch_size_countsOperationsAdded() {
    try (Batch batch = store.newBatch()) {
      assertThat(batch.size()).isZero();

      batch.put(b("a"), b("v")).delete(b("b")).deletePrefix(b("c"));

      assertThat(batch.size()).isEqualTo(3);
    }
  }

  @Test
  void batch_callerChangesArraysBeforeCommit_committedEntryUnchanged() {
    byte[] key = b("k");
    byte[] value = b("v");
    try (Batch batch = store.newBatch()) {
      batch.put(key, value);
      key[0] = 'x';
      value[0] = 'x';
      batch.commit(true);
    }

    assertThat(store.get(b("k"))).isEqualTo(b("v"));
  }

  // ---- namespaces ----

  @Test
  void namespace_keys_areStoredUnderPrefixAndIsolated() {
    Datastore ns = store.namespace("ns/");
    store.put(b("ns"), b("outside"));
    store.put(b("ns0"), b("outside"));
    ns.put(b("a"), b("1"));
    try (Batch batch = ns.newBatch()) {
      batch.put(b("b"), b("2")).commit(true);
    }

    assertThat(store.get(b("ns/a"))).isEqualTo(b("1"));
    assertThat(ns.get(b("b"))).isEqualTo(b("2"));
    assertThat(keys(ns.iterate(KeyRange.EMPTY))).containsExactly(hex("a"), hex("b"));
    assertThat(keys(ns.iterate(KeyRange.EMPTY, b("a")))).containsExactly(hex("b"));

    ns.deletePrefix(KeyRange.EMPTY);

    assertThat(keys(store.iterate(KeyRange.EMPTY))).containsExactly(hex("ns"), hex("ns0"));
  }

  @Test
  void namespace_nested_concatenatesPrefixes() {
    store.namespace("a/").namespace("b/").put(b("k"), b("v"));

    assertThat(store.get(b("a/b/k"))).isEqualTo(b("v"));
    assertThat(store.namespace("a/").get(b("b/k"))).isEqualTo(b("v"));
  }

  @Test
  void namespace_closed_rejectsOperationsButStoreStaysOpen() {
    Datastore ns = store.namespace("ns/");

    ns.close();

    assertThatIllegalStateException().isThrownBy(() -> ns.get(b("k")));
    store.put(b("k"), b("v"));
    assertThat(store.get(b("k"))).isEqualTo(b("v"));
  }

  // ---- closing ----

  @Test
  void close_calledTwice_isHarmless() {
    store.close();
    store.close();
  }

  @Test
  void close_thenAnyOperation_throwsIllegalState() {
    store.close();

    List<Runnable> operations =
        List.of(
            () -> store.get(b("k")),
            () -> store.has(b("k")),
            () -> store.put(b("k"), b("v")),
            () -> store.delete(b("k")),
            () -> store.deletePrefix(b("k")),
            store::newBatch,
            () -> store.iterate(b("k")),
            () -> store.count(b("k")),
            store::approximateSizeBytes,
            store::compact);
    for (Runnable operation : operations) {
      assertThatIllegalStateException().isThrownBy(operation::run).withMessageContaining("closed");
    }
  }

  @Test
  void close_withOpenCursor_cursorThrowsIllegalState() {
    store.put(b("a"), b("v"));
    store.put(b("b"), b("v"));
    Cursor cursor = store.iterate(KeyRange.EMPTY);
    assertThat(cursor.next()).isTrue();

    store.close();

    assertThatIllegalStateException().isThrownBy(cursor::next);
    cursor.close();
  }

  @Test
  void close_withPendingBatch_commitThrowsIllegalState() {
    Batch batch = store.newBatch();
    batch.put(b("k"), b("v"));

    store.close();

    assertThatIllegalStateException().isThrownBy(() -> batch.commit(true));
    batch.close();
  }

  // ---- concurrency ----

  @Test
  void concurrentWriters_severalThreads_endConsistent() throws Exception {
    new ConcurrentWriters(store, 4, 200).runAndCheck();
  }

  // ---- model-based ----

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 4242, 20261127})
  void randomOperations_seeded_matchSortedMapModel(long seed) {
    System.out.println(getClass().getSimpleName() + " random operations, seed " + seed);
    store = new RandomOperations(seed, this::reopen).run(store, 1500);
  }

  // ---- helpers ----

  /** The UTF-8 bytes of {@code s}. */
  protected static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An array of the given unsigned byte values. */
  protected static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  protected static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  protected static String hex(String s) {
    return hex(b(s));
  }

  /** Drains and closes {@code cursor}, returning its keys in hex. */
  protected static List<String> keys(Cursor cursor) {
    List<String> keys = new ArrayList<>();
    try (cursor) {
      while (cursor.next()) {
        keys.add(hex(cursor.key()));
      }
    }
    return keys;
  }
}
