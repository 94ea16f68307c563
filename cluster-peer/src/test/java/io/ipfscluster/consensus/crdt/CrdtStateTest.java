package io.ipfscluster.consensus.crdt;

import static io.ipfscluster.consensus.crdt.TestPins.cid;
import static io.ipfscluster.consensus.crdt.TestPins.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.config.CrdtConfig;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.state.State;
import io.ipfscluster.state.StateExport;
import io.ipfscluster.state.StateImportException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdtStateTest {
  private final MemoryDatastore store = new MemoryDatastore();
  private final CrdtState state = CrdtState.open(store, TestPins.identity(1));

  @Test
  void writes_areBlocks_thatAConsensusOnTheSameStoreSees() {
    state.add(pin(1, "a"));
    try (State.StateBatch batch = state.newBatch()) {
      batch.add(pin(2, "b")).add(pin(3, "c")).remove(cid(1));
      batch.commit(true);
    }

    assertThat(state.size()).isEqualTo(2);
    assertThat(state.info().versionVector().get(state.info().writer())).isEqualTo(2);
    try (CrdtConsensus consensus =
        CrdtConsensus.builder(store, TestPins.identity(1), CrdtConfig.defaults()).build()) {
      assertThat(consensus.state().get(cid(2))).contains(pin(2, "b"));
      assertThat(consensus.state().has(cid(1))).isFalse();
    }
  }

  @Test
  void exportThenImport_throughStateExport_givesTheSamePinset() throws Exception {
    for (int i = 0; i < 50; i++) {
      state.add(pin(i, "n" + i));
    }
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    assertThat(StateExport.exportTo(state, exported)).isEqualTo(50);
    CrdtState other = CrdtState.open(new MemoryDatastore(), TestPins.identity(2));

    long n =
        StateExport.importFrom(
            other, new ByteArrayInputStream(exported.toByteArray()), StateExport.Overrides.NONE);

    assertThat(n).isEqualTo(50);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    StateExport.exportTo(other, again);
    assertThat(again.toString(StandardCharsets.UTF_8))
        .isEqualTo(exported.toString(StandardCharsets.UTF_8));
    assertThat(other.info().stateDigest()).isEqualTo(state.info().stateDigest());
    ReplicaModel.check(CrdtReplica.open(store, TestPins.identity(1)), Map.of());
  }

  @Test
  void import_withABadLine_leavesTheStateUnchanged() {
    state.add(pin(1, "kept"));
    String input = "{\"cid\":\"" + cid(2) + "\"}\n{\"cid\":\"not-a-cid\"}\n";

    assertThatThrownBy(
            () ->
                StateExport.importFrom(
                    state,
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    StateExport.Overrides.NONE))
        .isInstanceOf(StateImportException.class)
        .hasMessageStartingWith("line 2");

    assertThat(state.get(cid(1))).contains(pin(1, "kept"));
    assertThat(state.has(cid(2))).isFalse();
  }

  @Test
  void clear_leavesNoCrdtKey() {
    state.add(pin(1, "a"));

    state.clear();

    assertThat(state.size()).isZero();
    assertThat(store.count(new byte[0])).isZero();
  }
}
