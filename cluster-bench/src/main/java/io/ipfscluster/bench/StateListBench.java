package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.Cursor;
import io.ipfscluster.datastore.Datastore;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State.StateBatch;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Listing a pinset of {@value #PINS} {@link SamplePins} from RocksDB (default settings, compacted,
 * in a temporary folder) on one thread. Scores are pins per second.
 *
 * <p>{@link #list} is {@code State.list()}: every pin decoded into a {@link Pin}. {@link #scan}
 * reads the same keys and values through the datastore cursor without decoding, the floor that
 * {@code list} cannot beat.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class StateListBench {
  static final int PINS = 200_000;

  private ScratchFolder folder;
  private RocksDbDatastore store;
  private Datastore namespace;
  private DatastoreState state;

  @Setup
  public void setUp() {
    folder = ScratchFolder.inTemp("state-list-");
    store = RocksDbDatastore.open(folder.path(), RocksDbSettings.defaults());
    namespace = store.namespace(KeySpace.STATE.prefix());
    state = new DatastoreState(namespace);
    SamplePins samples = new SamplePins();
    for (int from = 0; from < PINS; from += 10_000) {
      try (StateBatch batch = state.newBatch()) {
        for (int i = from; i < Math.min(PINS, from + 10_000); i++) {
          batch.add(samples.pin(i));
        }
        batch.commit(false);
      }
    }
    store.compact();
  }

  @TearDown
  public void tearDown() {
    store.close();
    folder.close();
  }

  @Benchmark
  @OperationsPerInvocation(PINS)
  public void list(Blackhole bh) {
    try (Stream<Pin> pins = state.list()) {
      for (Iterator<Pin> it = pins.iterator(); it.hasNext(); ) {
        bh.consume(it.next());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PINS)
  public void scan(Blackhole bh) {
    try (Cursor cursor = namespace.iterate(new byte[0])) {
      while (cursor.next()) {
        bh.consume(cursor.key());
        bh.consume(cursor.value());
      }
    }
  }
}
