package io.ipfscluster.bench;

import io.ipfscluster.api.Pin;
import io.ipfscluster.datastore.KeySpace;
import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import io.ipfscluster.state.DatastoreState;
import io.ipfscluster.state.State.StateBatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Writing pins to a {@link DatastoreState} on RocksDB (default settings, in a temporary folder),
 * durably: one pin per synced write ({@link #putSingle}), or {@value #BATCH} pins per synced batch
 * ({@link #putBatched}, the group commit of design §11). Scores are pins per second.
 *
 * <p>The pins cycle through 65,536 {@link SamplePins}, so later iterations overwrite.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class StatePutBench {
  static final int BATCH = 1000;
  private static final int SIZE = 65_536;

  private ScratchFolder folder;
  private RocksDbDatastore store;
  private DatastoreState state;
  private Pin[] pins;
  private int next;

  @Setup
  public void setUp() {
    pins = new SamplePins().pins(SIZE);
    folder = ScratchFolder.inTemp("state-put-");
    store = RocksDbDatastore.open(folder.path(), RocksDbSettings.defaults());
    state = new DatastoreState(store.namespace(KeySpace.STATE.prefix()));
  }

  @TearDown
  public void tearDown() {
    store.close();
    folder.close();
  }

  private Pin nextPin() {
    next = (next + 1) & (SIZE - 1);
    return pins[next];
  }

  /** One {@code State.add}: one pin, one WAL fsync. */
  @Benchmark
  public void putSingle() {
    state.add(nextPin());
  }

  /** {@value #BATCH} pins in one batch committed with one WAL fsync. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void putBatched() {
    try (StateBatch batch = state.newBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.add(nextPin());
      }
      batch.commit(true);
    }
  }
}
