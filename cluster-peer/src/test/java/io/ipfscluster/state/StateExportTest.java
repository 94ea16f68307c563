package io.ipfscluster.state;

import static io.ipfscluster.state.DatastoreStateTest.cid;
import static io.ipfscluster.state.DatastoreStateTest.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.datastore.MemoryDatastore;
import io.ipfscluster.multiformats.PeerId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StateExportTest {
  private static final PeerId PEER = PeerId.parse("QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");

  private static ByteArrayInputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void exportThenImport_givesTheSamePins() throws Exception {
    State source = new DatastoreState(new MemoryDatastore());
    for (int i = 0; i < 1000; i++) {
      source.add(
          pin(i)
              .withAllocations(List.of(PEER))
              .withTimestamp(Instant.ofEpochSecond(1_700_000_000L + i))
              .withOptions(
                  PinOptions.defaults().withName("p" + i).withMetadata(Map.of("i", "" + i))));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(StateExport.exportTo(source, out)).isEqualTo(1000);
    State target = new DatastoreState(new MemoryDatastore());
    assertThat(
            StateExport.importFrom(
                target, text(out.toString(StandardCharsets.UTF_8)), StateExport.Overrides.NONE))
        .isEqualTo(1000);

    try (Stream<Pin> a = source.list();
        Stream<Pin> b = target.list()) {
      assertThat(b.toList()).isEqualTo(a.toList());
    }
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .hasSize(1000)
        .allSatisfy(
            line -> assertThat(line).startsWith("{\"replication_factor_min\":").endsWith("}"));
  }

  @Test
  void import_minimalObjects_andOverrides() throws Exception {
    State state = new DatastoreState(new MemoryDatastore());
    String input =
        "{\"cid\":\""
            + cid(1)
            + "\",\"allocations\":[],\"replication_factor_min\":-1,"
            + "\"replication_factor_max\":-1}\n"
            + "{\"cid\":\""
            + cid(2)
            + "\"}\n";

    StateExport.importFrom(state, text(input), new StateExport.Overrides(2, 3, List.of(PEER)));

    Pin p = state.get(cid(1)).orElseThrow();
    assertThat(p.options().replicationFactorMin()).isEqualTo(2);
    assertThat(p.options().replicationFactorMax()).isEqualTo(3);
    assertThat(p.allocations()).containsExactly(PEER);
    assertThat(state.get(cid(2)).orElseThrow().maxDepth()).isEqualTo(-1);
  }

  @Test
  void import_invalidLine_namesItAndLeavesStateUnchanged() {
    State state = new DatastoreState(new MemoryDatastore());
    state.add(pin(99));
    String input =
        "{\"cid\":\""
            + cid(1)
            + "\"}\n"
            + "{\"cid\":\""
            + cid(2)
            + "\"}\n"
            + "{\"cid\":\"Qmbroken\"}\n"
            + "{\"cid\":\""
            + cid(3)
            + "\"}\n";

    assertThatThrownBy(() -> StateExport.importFrom(state, text(input), StateExport.Overrides.NONE))
        .isInstanceOf(StateImportException.class)
        .hasMessageStartingWith("line 3: ")
        .hasMessageContaining("Qmbroken");

    assertThat(state.size()).isEqualTo(1);
    assertThat(state.has(cid(99))).isTrue();
  }

  @Test
  void import_notJson_isRejectedWithLine() {
    State state = new DatastoreState(new MemoryDatastore());

    assertThatThrownBy(
            () ->
                StateExport.importFrom(
                    state, text("\n\nthis is not json\n"), StateExport.Overrides.NONE))
        .isInstanceOf(StateImportException.class)
        .hasMessageStartingWith("line 3: ");
  }
}
