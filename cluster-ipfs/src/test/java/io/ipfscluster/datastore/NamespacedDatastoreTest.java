package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the {@link DatastoreContract} against a namespace view of a store that also holds keys just
 * outside the namespace, and checks after each test that the view never touched them.
 */
class NamespacedDatastoreTest extends DatastoreContract {
  private static final List<byte[]> NEIGHBOURS =
      List.of(
          new byte[0],
          b("/n"),
          b("/nr/x"),
          b("/ns"),
          b("/ns."),
          b("/ns0"),
          b("/ns0/x"),
          bytes(0xFF, 0xFF));

  private final MemoryDatastore base = new MemoryDatastore();

  @Override
  protected Datastore newDatastore() {
    for (byte[] key : NEIGHBOURS) {
      base.put(key, key);
    }
    return base.namespace("/ns/");
  }

  @AfterEach
  void neighbours_afterAnyTest_areUntouched() {
    try {
      List<String> outside =
          keys(base.iterate(new byte[0])).stream()
              .filter(key -> !key.startsWith(hex("/ns/")))
              .toList();
      assertThat(outside).containsExactlyElementsOf(NEIGHBOURS.stream().map(k -> hex(k)).toList());
    } finally {
      base.close();
    }
  }
}
