package io.ipfscluster.consensus.crdt;

import io.ipfscluster.datastore.RocksDbDatastore;
import io.ipfscluster.datastore.RocksDbSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link CrdtKillIT} kills: pins from many threads on a RocksDB datastore and prints
 * "ack N" for every pin whose logPin returned, until it is killed. Arguments: the datastore folder
 * and the identity seed.
 */
public final class CrdtKillTarget {
  private CrdtKillTarget() {}

  public static void main(String[] args) throws Exception {
    RocksDbDatastore store = RocksDbDatastore.open(Path.of(args[0]), RocksDbSettings.defaults());
    CrdtConsensus consensus =
        CrdtConsensus.builder(
                store,
                TestPins.identity(Long.parseLong(args[1])),
                CrdtConsensusTest.config(16, Duration.ofMillis(2), 50_000))
            .build();
    PrintStream out = System.out;
    for (int t = 0; t < 16; t++) {
      int caller = t;
      Thread.ofVirtual()
          .start(
              () -> {
                for (int i = 0; ; i++) {
                  int n = caller * 1_000_000 + i;
                  consensus.logPin(TestPins.pin(n));
                  synchronized (out) {
                    out.println("ack " + n);
                    out.flush();
                  }
                }
              });
    }
    new CountDownLatch(1).await(); // until killed
  }
}
