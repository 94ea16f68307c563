package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * says how to make a fresh, empty store; other modules reuse it through the cluster-ipfs test-jar.
 * Point reads and writes, closing, concurrency and the model-based runs are here; scans are in
 * {@link DatastoreScanContract}, batches and namespaces in {@link DatastoreBatchContract}.
 *
 * <p>Keys in failure messages are shown in hex. Not thread-safe (one instance per test, as JUnit
 * creates them).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DatastoreContract implements DatastoreScanContract, DatastoreBatchContract {

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

  @Override
  public Datastore store() {
    return store;
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
