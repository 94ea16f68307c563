package io.ipfscluster.ipfs.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.ipfs.node.EmbeddedNodeConfig.BlockstoreLayout;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multihash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a node's process with SIGKILL in the middle of adds and pins (see {@link CrashDriver}),
 * restarts on the same repository, and checks what a user would: every block is readable and
 * matches its hash, every recursive pin's DAG is whole, every pin the process had reported stays,
 * and the size account is right. Two kills at different moments, on one repository, for each
 * blockstore layout.
 *
 * <p>A SIGKILL loses what the process held, not what it handed to the kernel, so this catches
 * ordering mistakes (a pin recorded before its blocks are written, a block written in place rather
 * than renamed into place) but not missing fsyncs, which only a power loss shows; the fsync policy
 * is argued in {@link io.ipfscluster.ipfs.blockstore.FlatFsBlockstore}.
 */
@Timeout(120)
class CrashSafetyIT {
  private static final int ROUNDS = 2;

  @TempDir Path repo;
  private BlockstoreLayout layout;

  private EmbeddedNodeConfig config() {
    return EmbeddedNodeConfig.defaults(repo).withLayout(layout);
  }

  @ParameterizedTest
  @EnumSource(BlockstoreLayout.class)
  void sigkillMidAdd_thenRestart_leavesAReadableStoreAndWholePins(BlockstoreLayout layout)
      throws Exception {
    this.layout = layout;
    Random random = new Random(42);
    Set<Cid> acknowledged = new HashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<String> log = runAndKill(round, 2 + round, random.nextInt(40));
      for (String line : log) {
        if (line.startsWith("pinned ")) {
          acknowledged.add(Cid.parse(line.substring(7)));
        } else if (line.startsWith("unpinned ")) {
          acknowledged.remove(Cid.parse(line.substring(9)));
        }
      }
      checkRepository(acknowledged);
    }
  }

  /**
   * Runs the driver until it has pinned {@code pins} DAGs and started another, then kills it
   * somewhere inside that add or, on a loaded machine, a little after it. Every line the driver
   * printed counts, whatever follows the add: an {@code unpinned} line printed after it was durable
   * too, so dropping it would expect a pin that is rightly gone.
   */
  private List<String> runAndKill(int round, int pins, int delayMillis) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashDriver.class.getName(),
                repo.toString(),
                Integer.toString(round),
                layout.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process child = builder.start();
    List<String> log = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      int pinned = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
        if (line.startsWith("pinned ")) {
          pinned++;
        }
        if (pinned >= pins && line.startsWith("adding ")) {
          killWhileAddIsInFlight(child, delayMillis);
          break;
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // Lines the child wrote before it died still count: they were durable when written.
      try {
        while ((line = lines.readLine()) != null) {
          log.add(line);
        }
      } catch (java.io.IOException closedByTheKill) {
        // what was not read is not required
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).isEqualTo(137);
    return log;
  }

  /**
   * Sends SIGKILL to the driver {@code delayMillis} after it announced an add. The delay is not a
   * wait for a condition: it is the point of the test. Killing at varied moments while the add's
   * writes are in flight is what exercises the store's crash safety; no event from the child marks
   * "half-way through a write", so a fixed offset after the {@code adding} line is the only handle.
   */
  private static void killWhileAddIsInFlight(Process child, int delayMillis)
      throws InterruptedException {
    Thread.sleep(delayMillis);
    child.destroyForcibly(); // SIGKILL
  }

  private void checkRepository(Set<Cid> acknowledged) throws Exception {
    try (IpfsNode node = IpfsNode.open(config(), BlockSource.none())) {
      long bytes = 0;
      long count = 0;
      try (Stream<Multihash> keys = node.blockstore().keys()) {
        for (Multihash key : (Iterable<Multihash>) keys::iterator) {
          byte[] data = node.blockstore().get(key);
          assertThat(key.matches(data)).as("block %s is intact", key).isTrue();
          bytes += data.length;
          count++;
        }
      }
      assertThat(node.usage().bytes()).isEqualTo(bytes);
      assertThat(node.usage().blocks()).isEqualTo(count);
      List<Cid> pinned = new ArrayList<>();
      node.pins().forEachRecursive(pinned::add);
      for (Cid root : pinned) {
        assertThat(node.pins().verify(root)).as("the DAG of pin %s is whole", root).isEmpty();
      }
      assertThat(pinned).containsAll(acknowledged);
      AtomicLong removed = new AtomicLong();
      node.collectGarbage(k -> removed.incrementAndGet());
      for (Cid root : pinned) {
        assertThat(node.pins().verify(root)).isEmpty();
      }
    }
  }
}
