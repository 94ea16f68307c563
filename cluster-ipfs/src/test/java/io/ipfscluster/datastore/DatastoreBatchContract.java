package io.ipfscluster.datastore;

import static io.ipfscluster.datastore.DatastoreContract.b;
import static io.ipfscluster.datastore.DatastoreContract.bytes;
import static io.ipfscluster.datastore.DatastoreContract.hex;
import static io.ipfscluster.datastore.DatastoreContract.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

/**
 * The part of the {@link DatastoreContract} about batches (atomic, ordered, invisible until
 * committed) and namespace views. Mixed into {@link DatastoreContract}, which supplies the store.
 */
interface DatastoreBatchContract {
  /** The store under test, fresh and empty for every test. */
  Datastore store();

  // ---- batches ----

  @Test
  default void batch_deletePrefixAfterPutsInSameBatch_removesThem() {
    store().put(bytes(0xFF, 0x01), b("v"));
    try (Batch batch = store().newBatch()) {
      batch.put(bytes(0xFF, 0xFF), b("v")).put(b("m"), b("v"));
      batch.deletePrefix(bytes(0xFF));
      batch.put(bytes(0x00), b("v")).put(bytes(0xFF, 0xFF, 0xFF), b("v"));
      batch.deletePrefix(KeyRange.EMPTY);
      batch.put(b("last"), b("v"));
      batch.commit(true);
    }

    assertThat(keys(store().iterate(KeyRange.EMPTY))).containsExactly(hex("last"));
  }

  @Test
  default void batch_beforeCommit_isInvisible() {
    store().put(b("gone"), b("v"));
    try (Batch batch = store().newBatch()) {
      batch.put(b("new"), b("v")).delete(b("gone"));

      assertThat(store().has(b("new"))).isFalse();
      assertThat(store().has(b("gone"))).isTrue();
      assertThat(store().count(KeyRange.EMPTY)).isEqualTo(1);

      batch.commit(true);
    }

    assertThat(store().has(b("new"))).isTrue();
    assertThat(store().has(b("gone"))).isFalse();
  }

  @Test
  default void batch_commit_appliesOperationsInOrder() {
    store().put(b("c"), b("old"));
    try (Batch batch = store().newBatch()) {
      batch.put(b("a"), b("1")).delete(b("a"));
      batch.delete(b("b")).put(b("b"), b("2"));
      batch.put(b("c"), b("3")).put(b("c"), b("4"));
      batch.commit(false);
    }

    assertThat(store().get(b("a"))).isNull();
    assertThat(store().get(b("b"))).isEqualTo(b("2"));
    assertThat(store().get(b("c"))).isEqualTo(b("4"));
  }

  @Test
  default void batch_deletePrefixThenPut_keepsTheLaterPut() {
    store().put(b("p/old"), b("v"));
    store().put(b("q/keep"), b("v"));
    try (Batch batch = store().newBatch()) {
      batch.put(b("p/early"), b("v"));
      batch.deletePrefix(b("p/"));
      batch.put(b("p/late"), b("v"));
      batch.commit(true);
    }

    assertThat(keys(store().iterate(KeyRange.EMPTY))).containsExactly(hex("p/late"), hex("q/keep"));
  }

  @Test
  default void batch_closedWithoutCommit_isDiscarded() {
    Batch batch = store().newBatch();
    batch.put(b("k"), b("v"));

    batch.close();
    batch.close();

    assertThat(store().has(b("k"))).isFalse();
    assertThatIllegalStateException().isThrownBy(() -> batch.commit(true));
    assertThatIllegalStateException().isThrownBy(() -> batch.put(b("k"), b("v")));
  }

  @Test
  default void batch_afterCommit_rejectsMoreWrites() {
    try (Batch batch = store().newBatch()) {
      batch.put(b("k"), b("v"));
      batch.commit(true);

      assertThatIllegalStateException()
          .isThrownBy(() -> batch.put(b("k2"), b("v")))
          .withMessageContaining("committed");
      assertThatIllegalStateException().isThrownBy(() -> batch.commit(true));
    }
    assertThat(store().has(b("k2"))).isFalse();
  }

  @Test
  default void batch_size_countsOperationsAdded() {
    try (Batch batch = store().newBatch()) {
      assertThat(batch.size()).isZero();

      batch.put(b("a"), b("v")).delete(b("b")).deletePrefix(b("c"));

      assertThat(batch.size()).isEqualTo(3);
    }
  }

  @Test
  default void batch_callerChangesArraysBeforeCommit_committedEntryUnchanged() {
    byte[] key = b("k");
    byte[] value = b("v");
    try (Batch batch = store().newBatch()) {
      batch.put(key, value);
      key[0] = 'x';
      value[0] = 'x';
      batch.commit(true);
    }

    assertThat(store().get(b("k"))).isEqualTo(b("v"));
  }

  // ---- namespaces ----

  @Test
  default void namespace_keys_areStoredUnderPrefixAndIsolated() {
    Datastore ns = store().namespace("ns/");
    store().put(b("ns"), b("outside"));
    store().put(b("ns0"), b("outside"));
    ns.put(b("a"), b("1"));
    try (Batch batch = ns.newBatch()) {
      batch.put(b("b"), b("2")).commit(true);
    }

    assertThat(store().get(b("ns/a"))).isEqualTo(b("1"));
    assertThat(ns.get(b("b"))).isEqualTo(b("2"));
    assertThat(keys(ns.iterate(KeyRange.EMPTY))).containsExactly(hex("a"), hex("b"));
    assertThat(keys(ns.iterate(KeyRange.EMPTY, b("a")))).containsExactly(hex("b"));

    ns.deletePrefix(KeyRange.EMPTY);

    assertThat(keys(store().iterate(KeyRange.EMPTY))).containsExactly(hex("ns"), hex("ns0"));
  }

  @Test
  default void namespace_nested_concatenatesPrefixes() {
    store().namespace("a/").namespace("b/").put(b("k"), b("v"));

    assertThat(store().get(b("a/b/k"))).isEqualTo(b("v"));
    assertThat(store().namespace("a/").get(b("b/k"))).isEqualTo(b("v"));
  }

  @Test
  default void namespace_closed_rejectsOperationsButStoreStaysOpen() {
    Datastore ns = store().namespace("ns/");

    ns.close();

    assertThatIllegalStateException().isThrownBy(() -> ns.get(b("k")));
    store().put(b("k"), b("v"));
    assertThat(store().get(b("k"))).isEqualTo(b("v"));
  }
}
